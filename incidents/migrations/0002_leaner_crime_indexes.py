# Every index on the crime table is paid for on every imported row (docs/performance.md):
# neighbourhood_id alone and lsoa_code (plus its LIKE twin) are used by no query, and
# public monthly rows have no dates, so the date indexes are partial.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0001_initial"),
        ("incidents", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="crime",
            name="lsoa_code",
            field=models.CharField(blank=True, max_length=9),
        ),
        migrations.AlterField(
            model_name="crime",
            name="neighbourhood",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="crimes",
                to="community.neighbourhood",
            ),
        ),
        migrations.RemoveIndex(model_name="crime", name="crime_nbhd_occurred"),
        migrations.RemoveIndex(model_name="crime", name="crime_nbhd_recorded"),
        migrations.AddIndex(
            model_name="crime",
            index=models.Index(
                condition=models.Q(("occurred_at__isnull", False)),
                fields=["neighbourhood", "occurred_at"],
                name="crime_nbhd_occurred",
            ),
        ),
        migrations.AddIndex(
            model_name="crime",
            index=models.Index(
                condition=models.Q(("recorded_at__isnull", False)),
                fields=["neighbourhood", "recorded_at"],
                name="crime_nbhd_recorded",
            ),
        ),
    ]
