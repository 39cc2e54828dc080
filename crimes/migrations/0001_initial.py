"""Crime, taken over from incidents. State only: the table incidents_crime already holds the rows."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("community", "0008_sharing_agreements_move_to_partners"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Crime",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "source",
                            models.CharField(
                                choices=[
                                    ("police_uk", "data.police.uk (monthly, public)"),
                                    ("force", "Force crime feed (dated)"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("row_key", models.CharField(max_length=120)),
                        ("reference", models.CharField(blank=True, max_length=100)),
                        ("month", models.DateField(help_text="First day of the month the crime belongs to")),
                        ("occurred_at", models.DateTimeField(blank=True, null=True)),
                        ("recorded_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "category",
                            models.CharField(
                                choices=[
                                    ("anti-social-behaviour", "Anti-social behaviour"),
                                    ("bicycle-theft", "Bicycle theft"),
                                    ("burglary", "Burglary"),
                                    ("criminal-damage-arson", "Criminal damage and arson"),
                                    ("drugs", "Drugs"),
                                    ("other-theft", "Other theft"),
                                    ("possession-of-weapons", "Possession of weapons"),
                                    ("public-order", "Public order"),
                                    ("robbery", "Robbery"),
                                    ("shoplifting", "Shoplifting"),
                                    ("theft-from-the-person", "Theft from the person"),
                                    ("vehicle-crime", "Vehicle crime"),
                                    ("violent-crime", "Violence and sexual offences"),
                                    ("other-crime", "Other crime"),
                                ],
                                max_length=40,
                            ),
                        ),
                        ("outcome", models.CharField(blank=True, max_length=255)),
                        ("location", models.CharField(blank=True, max_length=255)),
                        ("latitude", models.FloatField(blank=True, null=True)),
                        ("longitude", models.FloatField(blank=True, null=True)),
                        ("lsoa_code", models.CharField(blank=True, max_length=9)),
                        ("lsoa_name", models.CharField(blank=True, max_length=100)),
                        ("force", models.CharField(blank=True, max_length=100)),
                        ("is_demo", models.BooleanField(default=False, help_text="Generated demo data, shown as such")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "neighbourhood",
                            models.ForeignKey(
                                blank=True,
                                db_index=False,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="crimes",
                                to="community.neighbourhood",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "incidents_crime",
                        "ordering": ["-month", "-occurred_at", "-id"],
                        "indexes": [
                            models.Index(
                                condition=models.Q(("occurred_at__isnull", False)),
                                fields=["neighbourhood", "occurred_at"],
                                name="crime_nbhd_occurred",
                            ),
                            models.Index(
                                condition=models.Q(("recorded_at__isnull", False)),
                                fields=["neighbourhood", "recorded_at"],
                                name="crime_nbhd_recorded",
                            ),
                            models.Index(fields=["neighbourhood", "source", "month"], name="crime_nbhd_source_month"),
                            models.Index(fields=["source", "month", "force"], name="crime_source_month_force"),
                        ],
                        "constraints": [
                            models.UniqueConstraint(fields=("source", "row_key"), name="crime_row_once_per_source")
                        ],
                    },
                ),
            ],
        )
    ]
