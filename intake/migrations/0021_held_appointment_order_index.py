"""The held appointments' index in the review queue's own order (start, most severe first, id),
covering what the queue's filters test: every page of the queue's first part is an index-only scan
of the rows up to its end, where pages after the first sorted every held appointment."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0020_held_appointment_index"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="appointment", name="appointment_held_idx"),
        migrations.AddIndex(
            model_name="appointment",
            index=models.Index(
                models.F("start"),
                models.OrderBy(
                    models.Case(
                        models.When(then=models.Value(1), worst_level="advice"),
                        models.When(then=models.Value(2), worst_level="caution"),
                        models.When(then=models.Value(3), worst_level="contraindicated"),
                        default=models.Value(0),
                        output_field=models.IntegerField(),
                    ),
                    descending=True,
                ),
                models.F("id"),
                condition=models.Q(("status__in", ["pending", "blocked"])),
                include=("worst_level", "status", "treatment", "practitioner"),
                name="appointment_held_order_idx",
            ),
        ),
    ]
