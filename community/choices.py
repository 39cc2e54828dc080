from django.db import models


class AssignmentKind(models.TextChoices):
    MEMBER = "member", "Team member"  # a PCSO or constable working the neighbourhood
    SUPERVISOR = "supervisor", "Supervisor"


class PatrolOrigin(models.TextChoices):
    HOTSPOT = "hotspot", "Briefing hotspot"
    PRIORITY = "priority", "Priority"
    ASB_CASE = "asb_case", "ASB case"
    OTHER = "other", "Other"


class PatrolStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class AgreementStatus(models.TextChoices):
    """An information sharing agreement's recorded status; an active one past its expiry
    date also blocks sharing (SharingAgreement.blocks_sharing)."""

    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    EXPIRED = "expired", "Expired"
