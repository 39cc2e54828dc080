from django.db import models


class AsbQualifier(models.TextChoices):
    """The three NSIR anti-social behaviour qualifiers [fixed] (DOMAIN §4)."""

    PERSONAL = "personal", "Personal"
    NUISANCE = "nuisance", "Nuisance"
    ENVIRONMENTAL = "environmental", "Environmental"


class IncidentStatus(models.TextChoices):
    OPEN = "open", "Open"
    ASSIGNED = "assigned", "Assigned"
    IN_PROGRESS = "in_progress", "In progress"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


# Statuses in which an incident still needs work (briefings, "open" filter).
ACTIVE_STATUSES = (IncidentStatus.OPEN, IncidentStatus.ASSIGNED, IncidentStatus.IN_PROGRESS)


FINISHED_STATUSES = (IncidentStatus.RESOLVED, IncidentStatus.CLOSED)


class IncidentCategoryGroup(models.TextChoices):
    """The four NSIR groups an incident category belongs to (for grouping the list)."""

    CRIME = "crime", "Crime"
    ASB = "asb", "Anti-social behaviour"
    PUBLIC_SAFETY = "public_safety", "Public safety and welfare"
    TRANSPORT = "transport", "Transport"


class PersonRole(models.TextChoices):
    """A person's part in an incident. Reporter and affected person drive repeat detection."""

    REPORTER = "reporter", "Reported it"
    AFFECTED = "affected", "Affected (victim)"
    REPORTER_AFFECTED = "reporter_affected", "Reported it and affected"
    WITNESS = "witness", "Witness"


class RiskLevel(models.TextChoices):
    """An ASB case's risk level; each has a review interval (AsbReviewInterval, [data])."""

    STANDARD = "standard", "Standard"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class AsbCaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class AsbCaseRole(models.TextChoices):
    """A person's part in an ASB case, across its incidents."""

    VICTIM = "victim", "Victim"
    PERPETRATOR = "perpetrator", "Perpetrator"


class NoticeType(models.TextChoices):
    FIXED_PENALTY = "fixed_penalty", "Fixed penalty notice"
    DISORDER = "disorder", "Penalty notice for disorder"


class NoticeStatus(models.TextChoices):
    ISSUED = "issued", "Issued"
    PAID = "paid", "Paid"
    UNPAID = "unpaid", "Unpaid"
    CONTESTED = "contested", "Contested"
    CANCELLED = "cancelled", "Cancelled"
