"""`manage.py ensure_demo_accounts`: translators, reviewers and a manager to try the workflow with
(home/demo_accounts.py), and print how they sign in."""

from django.core.management.base import BaseCommand

from home.demo_accounts import ensure_demo_accounts


class Command(BaseCommand):
    help = "Create a translator and a reviewer per target language and a translation manager (demo)."

    def handle(self, *args, **options) -> None:
        accounts, _password, shown = ensure_demo_accounts()
        names = ", ".join(account.username for account in accounts)
        self.stdout.write(self.style.SUCCESS(f"Demo accounts {names}: password {shown}."))
