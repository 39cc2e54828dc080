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


class EngagementStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class PriorityStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ADOPTED = "adopted", "Adopted"
    IN_PROGRESS = "in_progress", "In progress"
    RESOLVED = "resolved", "Resolved"
    CARRIED_OVER = "carried_over", "Carried over"
    CLOSED_UNRESOLVED = "closed_unresolved", "Closed unresolved"


# The statuses that count towards PCSO_PACT_MAX_ACTIVE_PRIORITIES: the team is working on
# them. A proposal waits for the meeting to adopt it; resolved and closed ones are done.
ACTIVE_PRIORITY_STATUSES = (PriorityStatus.ADOPTED, PriorityStatus.IN_PROGRESS, PriorityStatus.CARRIED_OVER)


class PrioritySource(models.TextChoices):
    MEETING = "meeting", "Meeting"
    SURVEY = "survey", "Survey"
    ANALYSIS = "analysis", "Analysis"
    PARTNER = "partner", "Partner"
