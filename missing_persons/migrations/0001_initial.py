"""Missing-person models, taken over from incidents. State only: the tables already hold the rows."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0003_merge_partners_and_notifications"),
        ("community", "0008_sharing_agreements_move_to_partners"),
        ("incidents", "0015_models_move_to_their_own_apps"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="HighRiskChecklistItem",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("code", models.SlugField(unique=True)),
                        ("name", models.CharField(max_length=120)),
                        ("sort_order", models.PositiveSmallIntegerField(default=100)),
                        ("is_active", models.BooleanField(default=True, help_text="Offered for new records")),
                        (
                            "children_only",
                            models.BooleanField(default=False, help_text="Only when the person is under 18"),
                        ),
                    ],
                    options={
                        "verbose_name": "high-risk checklist item",
                        "db_table": "incidents_highriskchecklistitem",
                        "ordering": ["sort_order", "name", "id"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="MissingRiskAnswer",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "answer",
                            models.CharField(
                                choices=[("yes", "Yes"), ("no", "No"), ("unknown", "Unknown")], max_length=10
                            ),
                        ),
                        ("notes", models.CharField(blank=True, max_length=1000)),
                    ],
                    options={
                        "db_table": "incidents_missingriskanswer",
                        "ordering": ["assessment", "question__sort_order", "question__id"],
                    },
                ),
                migrations.CreateModel(
                    name="MissingRiskAssessment",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "risk_level",
                            models.CharField(
                                choices=[
                                    ("very_low", "Very low"),
                                    ("low", "Low"),
                                    ("medium", "Medium"),
                                    ("high", "High"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("rationale", models.TextField(max_length=4000)),
                        (
                            "information_from",
                            models.CharField(help_text="Who supplied the information", max_length=200),
                        ),
                        ("information_at", models.DateTimeField(help_text="When they supplied it")),
                        ("is_supervisor_review", models.BooleanField(default=False)),
                        ("assessed_at", models.DateTimeField(default=django.utils.timezone.now)),
                    ],
                    options={
                        "db_table": "incidents_missingriskassessment",
                        "ordering": ["case", "-assessed_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="MissingRiskLevelSetting",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "level",
                            models.CharField(
                                choices=[
                                    ("very_low", "Very low"),
                                    ("low", "Low"),
                                    ("medium", "Medium"),
                                    ("high", "High"),
                                ],
                                max_length=20,
                                unique=True,
                            ),
                        ),
                        (
                            "name",
                            models.CharField(
                                help_text="The wording shown, e.g. 'Very low (formerly absent)'", max_length=120
                            ),
                        ),
                        ("guidance", models.TextField(blank=True, max_length=1000)),
                        (
                            "review_minutes",
                            models.PositiveIntegerField(help_text="Supervisor review due this long after the last one"),
                        ),
                        (
                            "if_seen",
                            models.TextField(
                                blank=True,
                                help_text="What the briefing tells a reader who sees the person",
                                max_length=1000,
                                verbose_name="If you see them",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "missing-person risk level",
                        "db_table": "incidents_missingrisklevelsetting",
                        "ordering": ["review_minutes", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="MissingSighting",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("seen_at", models.DateTimeField()),
                        ("place", models.CharField(blank=True, max_length=255)),
                        (
                            "latitude",
                            models.FloatField(
                                blank=True,
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(-90),
                                    django.core.validators.MaxValueValidator(90),
                                ],
                            ),
                        ),
                        (
                            "longitude",
                            models.FloatField(
                                blank=True,
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(-180),
                                    django.core.validators.MaxValueValidator(180),
                                ],
                            ),
                        ),
                        ("reported_by", models.CharField(help_text="Who saw them", max_length=200)),
                        (
                            "confidence",
                            models.CharField(
                                choices=[
                                    ("confirmed", "Confirmed (seen by police or known person)"),
                                    ("probable", "Probable"),
                                    ("possible", "Possible"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("details", models.TextField(blank=True, max_length=4000)),
                        ("recorded_at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        "db_table": "incidents_missingsighting",
                        "ordering": ["case", "-seen_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="RiskQuestion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("code", models.SlugField(unique=True)),
                        ("name", models.CharField(max_length=120)),
                        ("sort_order", models.PositiveSmallIntegerField(default=100)),
                        ("is_active", models.BooleanField(default=True, help_text="Offered for new records")),
                    ],
                    options={
                        "verbose_name": "risk questionnaire question",
                        "db_table": "incidents_riskquestion",
                        "ordering": ["sort_order", "name", "id"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="HerbertProtocol",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("description", models.TextField(blank=True, max_length=4000)),
                        ("routines", models.TextField(blank=True, max_length=4000)),
                        (
                            "significant_places",
                            models.TextField(blank=True, help_text="Former homes, workplaces, ...", max_length=4000),
                        ),
                        ("medication", models.TextField(blank=True, max_length=4000)),
                        ("photo", models.FileField(blank=True, upload_to="missing_persons/herbert/%Y/%m/")),
                        ("photo_content_type", models.CharField(blank=True, editable=False, max_length=40)),
                        (
                            "handed_over_by",
                            models.CharField(blank=True, help_text="Family member or care home", max_length=200),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "incidents_herbertprotocol",
                    },
                ),
                migrations.CreateModel(
                    name="MissingAction",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("description", models.CharField(max_length=500)),
                        ("due_at", models.DateTimeField()),
                        (
                            "status",
                            models.CharField(
                                choices=[("open", "Open"), ("done", "Done")], default="open", max_length=10
                            ),
                        ),
                        ("result", models.TextField(blank=True, max_length=4000)),
                        ("done_at", models.DateTimeField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "assigned_to",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "done_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "incidents_missingaction",
                        "ordering": ["case", "status", "due_at", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="MissingChecklistTick",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("notes", models.CharField(blank=True, max_length=500)),
                        ("done_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "done_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "item",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="missing_persons.highriskchecklistitem",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "incidents_missingchecklisttick",
                        "ordering": ["case", "item__sort_order", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="MissingPersonCase",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[("active", "Missing"), ("traced", "Traced")], default="active", max_length=10
                            ),
                        ),
                        ("name", models.CharField(max_length=200)),
                        ("date_of_birth", models.DateField(blank=True, null=True)),
                        (
                            "age",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                help_text="When the date of birth is not known",
                                null=True,
                                validators=[django.core.validators.MaxValueValidator(120)],
                            ),
                        ),
                        (
                            "description",
                            models.TextField(
                                help_text="Height, build, hair, clothing, anything distinctive", max_length=4000
                            ),
                        ),
                        ("is_vulnerable_adult", models.BooleanField(default=False)),
                        ("photo", models.FileField(blank=True, upload_to="missing_persons/photos/%Y/%m/")),
                        ("photo_content_type", models.CharField(blank=True, editable=False, max_length=40)),
                        ("person_key", models.CharField(blank=True, db_index=True, editable=False, max_length=250)),
                        ("missing_since", models.DateTimeField()),
                        ("reported_at", models.DateTimeField()),
                        (
                            "reported_by",
                            models.CharField(help_text="Who reported it: name and relationship", max_length=200),
                        ),
                        ("reporter_contact", models.CharField(blank=True, max_length=200)),
                        (
                            "missing_from",
                            models.CharField(help_text="The address they went missing from", max_length=255),
                        ),
                        (
                            "latitude",
                            models.FloatField(
                                blank=True,
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(-90),
                                    django.core.validators.MaxValueValidator(90),
                                ],
                            ),
                        ),
                        (
                            "longitude",
                            models.FloatField(
                                blank=True,
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(-180),
                                    django.core.validators.MaxValueValidator(180),
                                ],
                            ),
                        ),
                        ("last_seen_at", models.DateTimeField(blank=True, null=True)),
                        ("last_seen_place", models.CharField(blank=True, max_length=255)),
                        ("circumstances", models.TextField(blank=True, max_length=4000)),
                        (
                            "risk_level",
                            models.CharField(
                                choices=[
                                    ("very_low", "Very low"),
                                    ("low", "Low"),
                                    ("medium", "Medium"),
                                    ("high", "High"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("next_review_due_at", models.DateTimeField(blank=True, null=True)),
                        ("last_reviewed_at", models.DateTimeField(blank=True, null=True)),
                        ("review_overdue_since", models.DateTimeField(blank=True, null=True)),
                        ("traced_at", models.DateTimeField(blank=True, null=True)),
                        ("traced_where", models.CharField(blank=True, max_length=255)),
                        (
                            "traced_how",
                            models.CharField(
                                blank=True, help_text="Returned home, found by police, ...", max_length=255
                            ),
                        ),
                        ("traced_by", models.CharField(blank=True, max_length=200)),
                        (
                            "safe_and_well_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="Prevention interview (safe and well check)"
                            ),
                        ),
                        ("safe_and_well_notes", models.TextField(blank=True, max_length=4000)),
                        (
                            "rhi_referred_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="Return home interview referred"),
                        ),
                        (
                            "rhi_due_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="Return home interview due"),
                        ),
                        (
                            "rhi_completed_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="Return home interview held"),
                        ),
                        ("rhi_notes", models.TextField(blank=True, max_length=4000)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("version", models.PositiveIntegerField(default=1)),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "earlier_episodes",
                            models.ManyToManyField(
                                blank=True, related_name="later_episodes", to="missing_persons.missingpersoncase"
                            ),
                        ),
                        (
                            "incident",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="missing_person_case",
                                to="incidents.incident",
                            ),
                        ),
                        (
                            "last_reviewed_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "neighbourhood",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="missing_person_cases",
                                to="community.neighbourhood",
                            ),
                        ),
                        (
                            "rhi_agency",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="accounts.partneragency",
                                verbose_name="Referred to",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "missing-person case",
                        "db_table": "incidents_missingpersoncase",
                        "ordering": ["-missing_since", "-id"],
                    },
                ),
            ],
        )
    ]
