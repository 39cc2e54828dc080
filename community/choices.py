from django.db import models


class AssignmentKind(models.TextChoices):
    MEMBER = "member", "Team member"  # a PCSO or constable working the neighbourhood
    SUPERVISOR = "supervisor", "Supervisor"
