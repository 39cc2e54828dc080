"""Sharing agreements (from community), note shares and replies (from incidents). State only."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0003_merge_partners_and_notifications"),
        ("incidents", "0015_models_move_to_their_own_apps"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="NoteShare",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("purpose", models.TextField(max_length=2000)),
                        ("body", models.TextField(max_length=10000)),
                        ("context_neighbourhood", models.CharField(blank=True, max_length=200)),
                        ("context_reference", models.CharField(blank=True, max_length=50)),
                        ("shared_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("revoked_at", models.DateTimeField(blank=True, null=True)),
                        ("revoke_reason", models.CharField(blank=True, max_length=500)),
                        ("first_read_at", models.DateTimeField(blank=True, null=True)),
                        ("acknowledged_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "action",
                            models.CharField(blank=True, help_text="What the agency is asked to do", max_length=500),
                        ),
                        ("action_due_at", models.DateTimeField(blank=True, null=True)),
                        ("action_done_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "acknowledged_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "action_done_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "agency",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="note_shares",
                                to="accounts.partneragency",
                            ),
                        ),
                        (
                            "note",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="shares",
                                to="incidents.casenote",
                            ),
                        ),
                        (
                            "revoked_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "shared_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "incidents_noteshare",
                        "ordering": ["-shared_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="NoteReply",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("body", models.TextField(max_length=4000)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "author",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "share",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="replies",
                                to="partners.noteshare",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "note replies",
                        "db_table": "incidents_notereply",
                        "ordering": ["created_at", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="SharingAgreement",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("title", models.CharField(max_length=200)),
                        (
                            "lawful_basis",
                            models.TextField(
                                help_text="E.g. Crime and Disorder Act 1998 s.115; DPA 2018 s.35 (law enforcement)",
                                max_length=2000,
                            ),
                        ),
                        ("purpose", models.TextField(help_text="What the sharing is for", max_length=2000)),
                        (
                            "data_shared",
                            models.TextField(
                                help_text="What may be shared under it, and what may not", max_length=2000
                            ),
                        ),
                        ("starts_on", models.DateField()),
                        ("review_on", models.DateField()),
                        ("expires_on", models.DateField()),
                        (
                            "status",
                            models.CharField(
                                choices=[("active", "Active"), ("suspended", "Suspended"), ("expired", "Expired")],
                                default="active",
                                max_length=20,
                            ),
                        ),
                        (
                            "status_reason",
                            models.CharField(blank=True, help_text="Why it was suspended or ended", max_length=500),
                        ),
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
                            "parties",
                            models.ManyToManyField(related_name="sharing_agreements", to="accounts.partneragency"),
                        ),
                    ],
                    options={
                        "db_table": "community_sharingagreement",
                        "ordering": ["review_on", "id"],
                    },
                ),
                migrations.AddField(
                    model_name="noteshare",
                    name="agreement",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="note_shares",
                        to="partners.sharingagreement",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="sharingagreement",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("status__in", ["active", "suspended", "expired"])),
                        name="agreement_status_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="sharingagreement",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("expires_on__gte", models.F("starts_on"))),
                        name="agreement_expires_after_start",
                    ),
                ),
                migrations.AddIndex(
                    model_name="noteshare",
                    index=models.Index(fields=["agency", "revoked_at", "shared_at"], name="share_agency_current"),
                ),
                migrations.AddConstraint(
                    model_name="noteshare",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("revoked_at__isnull", True)),
                        fields=("note", "agency"),
                        name="one_current_share_per_agency",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="noteshare",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("action_due_at__isnull", True), models.Q(("action", ""), _negated=True), _connector="OR"
                        ),
                        name="share_action_due_needs_action",
                    ),
                ),
            ],
        )
    ]
