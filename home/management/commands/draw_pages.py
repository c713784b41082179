"""`manage.py draw_pages`: draw every live page once, so its image renditions exist (`make setup` runs it
after `load_demo`; see home/demo_renditions.py)."""

from django.core.management.base import BaseCommand, CommandError

from home.demo_renditions import draw_every_live_page


class Command(BaseCommand):
    help = "Draw every live, public page once so the image renditions its templates use are made."

    def handle(self, *args, **options) -> None:
        drawn, failed = draw_every_live_page()
        if failed:
            raise CommandError(f"{failed} of {drawn} live pages did not answer 200.")
        self.stdout.write(f"Drew {drawn} live pages once (image renditions made).")
