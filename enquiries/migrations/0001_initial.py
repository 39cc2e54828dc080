"""House-to-house models, taken over from incidents. State only: the tables already hold the rows."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("community", "0008_sharing_agreements_move_to_partners"),
        ("incidents", "0015_models_move_to_their_own_apps"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="QuestionTemplate",
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
                        ("text", models.CharField(max_length=300)),
                    ],
                    options={
                        "verbose_name": "house-to-house question",
                        "db_table": "incidents_questiontemplate",
                        "ordering": ["sort_order", "name", "id"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="Enquiry",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("title", models.CharField(max_length=200)),
                        (
                            "scope",
                            models.CharField(
                                choices=[
                                    ("streets", "Streets"),
                                    ("addresses", "Address list"),
                                    ("area", "Area on a map"),
                                ],
                                default="streets",
                                max_length=20,
                            ),
                        ),
                        ("streets", models.TextField(blank=True, help_text="One street per line", max_length=4000)),
                        (
                            "area",
                            models.JSONField(blank=True, help_text="A GeoJSON Polygon drawn on the map", null=True),
                        ),
                        (
                            "rationale",
                            models.TextField(help_text="Why these premises: what the enquiry is for", max_length=4000),
                        ),
                        ("questions", models.JSONField(blank=True, default=list)),
                        (
                            "status",
                            models.CharField(
                                choices=[("open", "Open"), ("closed", "Closed")], default="open", max_length=10
                            ),
                        ),
                        (
                            "summary",
                            models.TextField(blank=True, help_text="Written when it is closed", max_length=4000),
                        ),
                        ("unreached_reason", models.TextField(blank=True, max_length=2000)),
                        ("closed_at", models.DateTimeField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("version", models.PositiveIntegerField(default=1)),
                        (
                            "coordinator",
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
                            "incident",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="enquiries",
                                to="incidents.incident",
                            ),
                        ),
                        (
                            "neighbourhood",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="enquiries",
                                to="community.neighbourhood",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "enquiries",
                        "db_table": "incidents_enquiry",
                        "ordering": ["status", "-created_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="Premises",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("address", models.CharField(max_length=255)),
                        ("address_key", models.CharField(editable=False, max_length=255)),
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
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("not_visited", "Not visited"),
                                    ("revisit", "Revisit due"),
                                    ("attempted", "Visited, not complete"),
                                    ("completed", "Completed"),
                                ],
                                default="not_visited",
                                max_length=20,
                            ),
                        ),
                        ("revisit_due_at", models.DateTimeField(blank=True, null=True)),
                        ("visit_count", models.PositiveIntegerField(default=0)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "enquiry",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="premises",
                                to="enquiries.enquiry",
                            ),
                        ),
                        (
                            "revisit_officer",
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
                        "verbose_name_plural": "premises",
                        "db_table": "incidents_premises",
                        "ordering": ["enquiry", "address_key", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="VisitOutcome",
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
                            "completes",
                            models.BooleanField(default=False, help_text="Nothing more to do at the premises"),
                        ),
                        (
                            "needs_revisit",
                            models.BooleanField(default=False, help_text="A call-back must be scheduled"),
                        ),
                        (
                            "asks_card_reference",
                            models.BooleanField(default=False, help_text="A calling card was left"),
                        ),
                    ],
                    options={
                        "db_table": "incidents_visitoutcome",
                        "ordering": ["sort_order", "name", "id"],
                        "abstract": False,
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("completes", True), ("needs_revisit", True), _negated=True),
                                name="visit_outcome_completes_or_revisits",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Visit",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("visited_at", models.DateTimeField()),
                        ("card_reference", models.CharField(blank=True, max_length=50)),
                        ("people", models.JSONField(blank=True, default=list)),
                        ("answers", models.JSONField(blank=True, default=dict)),
                        ("notes", models.TextField(blank=True, max_length=4000)),
                        (
                            "follow_up",
                            models.TextField(
                                blank=True, help_text="What needs doing, e.g. collect CCTV", max_length=1000
                            ),
                        ),
                        ("follow_up_done_at", models.DateTimeField(blank=True, null=True)),
                        ("revisit_due_at", models.DateTimeField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "premises",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="visits",
                                to="enquiries.premises",
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "revisit_officer",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "visited_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "outcome",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="enquiries.visitoutcome",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "incidents_visit",
                        "ordering": ["premises", "visited_at", "id"],
                    },
                ),
                migrations.AddIndex(
                    model_name="enquiry",
                    index=models.Index(fields=["neighbourhood", "status"], name="enquiry_nbhd_status"),
                ),
                migrations.AddConstraint(
                    model_name="enquiry",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("status__in", ["open", "closed"])), name="enquiry_status_valid"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="enquiry",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("status", "open"), ("closed_at__isnull", False), _connector="OR"),
                        name="enquiry_closed_has_time",
                    ),
                ),
                migrations.AddIndex(
                    model_name="premises",
                    index=models.Index(fields=["enquiry", "status"], name="premises_enquiry_status"),
                ),
                migrations.AddIndex(
                    model_name="premises",
                    index=models.Index(fields=["status", "revisit_due_at"], name="premises_revisit_due"),
                ),
                migrations.AddConstraint(
                    model_name="premises",
                    constraint=models.UniqueConstraint(
                        fields=("enquiry", "address_key"), name="premises_once_per_enquiry"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="premises",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("status__in", ["not_visited", "revisit", "attempted", "completed"])),
                        name="premises_status_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="premises",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("latitude__isnull", True), ("longitude__isnull", True)),
                            models.Q(("latitude__isnull", False), ("longitude__isnull", False)),
                            _connector="OR",
                        ),
                        name="premises_point_has_both_coordinates",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="premises",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "revisit"), _negated=True),
                            ("revisit_due_at__isnull", False),
                            _connector="OR",
                        ),
                        name="premises_revisit_has_due_time",
                    ),
                ),
                migrations.AddIndex(
                    model_name="visit",
                    index=models.Index(fields=["premises", "visited_at"], name="visit_premises_time"),
                ),
            ],
        )
    ]
