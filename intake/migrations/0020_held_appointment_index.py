"""A partial index of held appointments by start, for the review queue's first part."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0019_upcoming_appointment_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="appointment",
            index=models.Index(
                condition=models.Q(("status__in", ["pending", "blocked"])),
                fields=["start"],
                name="appointment_held_idx",
            ),
        ),
    ]
