"""The relations of the missing-person models, taken over from incidents. State only."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("missing_persons", "0001_initial"),
        ("partners", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AddField(
                    model_name="missingpersoncase",
                    name="rhi_share",
                    field=models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="rhi_case",
                        to="partners.noteshare",
                        verbose_name="Return home interview referral",
                    ),
                ),
                migrations.AddField(
                    model_name="missingpersoncase",
                    name="safe_and_well_by",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AddField(
                    model_name="missingchecklisttick",
                    name="case",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="checklist_ticks",
                        to="missing_persons.missingpersoncase",
                    ),
                ),
                migrations.AddField(
                    model_name="missingaction",
                    name="case",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="actions",
                        to="missing_persons.missingpersoncase",
                    ),
                ),
                migrations.AddField(
                    model_name="herbertprotocol",
                    name="case",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="herbert_protocol",
                        to="missing_persons.missingpersoncase",
                    ),
                ),
                migrations.AddField(
                    model_name="missingriskassessment",
                    name="assessed_by",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                migrations.AddField(
                    model_name="missingriskassessment",
                    name="case",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assessments",
                        to="missing_persons.missingpersoncase",
                    ),
                ),
                migrations.AddField(
                    model_name="missingriskanswer",
                    name="assessment",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="answers",
                        to="missing_persons.missingriskassessment",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="missingrisklevelsetting",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("review_minutes__gte", 1)), name="missing_review_minutes_positive"
                    ),
                ),
                migrations.AddField(
                    model_name="missingsighting",
                    name="case",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="sightings",
                        to="missing_persons.missingpersoncase",
                    ),
                ),
                migrations.AddField(
                    model_name="missingsighting",
                    name="recorded_by",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                migrations.AddField(
                    model_name="missingriskanswer",
                    name="question",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="missing_persons.riskquestion"
                    ),
                ),
                migrations.AddIndex(
                    model_name="missingpersoncase",
                    index=models.Index(
                        fields=["neighbourhood", "status", "risk_level"], name="missing_case_nbhd_status"
                    ),
                ),
                migrations.AddIndex(
                    model_name="missingpersoncase",
                    index=models.Index(fields=["status", "next_review_due_at"], name="missing_case_review_due"),
                ),
                migrations.AddConstraint(
                    model_name="missingpersoncase",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("latitude__isnull", True), ("longitude__isnull", True)),
                            models.Q(("latitude__isnull", False), ("longitude__isnull", False)),
                            _connector="OR",
                        ),
                        name="missing_case_point_has_both_coordinates",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="missingpersoncase",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("status__in", ["active", "traced"])), name="missing_case_status_valid"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="missingpersoncase",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("risk_level__in", ["very_low", "low", "medium", "high"])),
                        name="missing_case_risk_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="missingpersoncase",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "traced"), _negated=True), ("traced_at__isnull", False), _connector="OR"
                        ),
                        name="missing_case_traced_has_time",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="missingchecklisttick",
                    constraint=models.UniqueConstraint(fields=("case", "item"), name="missing_checklist_tick_once"),
                ),
                migrations.AddConstraint(
                    model_name="missingaction",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("status__in", ["open", "done"])), name="missing_action_status_valid"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="missingaction",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "done"), _negated=True),
                            models.Q(("done_at__isnull", False), models.Q(("result", ""), _negated=True)),
                            _connector="OR",
                        ),
                        name="missing_action_done_has_result",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="missingriskassessment",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("risk_level__in", ["very_low", "low", "medium", "high"])),
                        name="missing_assessment_risk_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="missingsighting",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("latitude__isnull", True), ("longitude__isnull", True)),
                            models.Q(("latitude__isnull", False), ("longitude__isnull", False)),
                            _connector="OR",
                        ),
                        name="missing_sighting_point_has_both_coordinates",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="missingsighting",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("confidence__in", ["confirmed", "probable", "possible"])),
                        name="missing_sighting_confidence_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="missingriskanswer",
                    constraint=models.UniqueConstraint(fields=("assessment", "question"), name="missing_answer_once"),
                ),
                migrations.AddConstraint(
                    model_name="missingriskanswer",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("answer__in", ["yes", "no", "unknown"])), name="missing_answer_valid"
                    ),
                ),
            ],
        )
    ]
