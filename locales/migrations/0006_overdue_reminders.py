"""Overdue reminders (locales.reminders): a "reminder" kind of history event (the one reminder per item
and due date) and `OverdueDigest`, one row per person and day a digest of their overdue items went."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('locales', '0005_translation_review_task'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='queueitemevent',
            name='kind',
            field=models.CharField(choices=[('created', 'Added to the queue'), ('status', 'Status change'), ('assignment', 'Assignment'), ('source_changed', 'Source changed'), ('qa_override', 'QA override'), ('note', 'Note'), ('refused', 'Refused'), ('rule_override', 'Rule overridden'), ('reminder', 'Overdue reminder')], default='status', max_length=20, verbose_name='kind'),
        ),
        migrations.CreateModel(
            name='OverdueDigest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(help_text="The day of the digest, in the site's time zone.", verbose_name='day')),
                ('sent_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='sent at')),
                ('item_count', models.PositiveIntegerField(default=0, verbose_name='overdue items')),
                ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recipient')),
            ],
            options={
                'verbose_name': 'overdue digest',
                'verbose_name_plural': 'overdue digests',
                'constraints': [models.UniqueConstraint(fields=('recipient', 'day'), name='locales_overduedigest_unique_recipient_day')],
            },
        ),
    ]
