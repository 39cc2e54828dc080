from django.db import models


class Category(models.TextChoices):
    """The processing operations DPA 2018 s.62 requires logs of, plus security events."""

    COLLECTION = "collection", "Collection"
    ALTERATION = "alteration", "Alteration"
    CONSULTATION = "consultation", "Consultation"
    DISCLOSURE = "disclosure", "Disclosure (including transfer)"
    COMBINATION = "combination", "Combination"
    ERASURE = "erasure", "Erasure"
    # Not an s.62 operation: sign-in, sign-out and lockouts, kept in the same
    # append-only log for integrity and security monitoring.
    SECURITY = "security", "Security (sign-in)"


class Outcome(models.TextChoices):
    ALLOWED = "allowed", "Allowed"
    DENIED = "denied", "Denied"


class Source(models.TextChoices):
    WEB = "web", "Web page"
    API = "api", "API"
    TASK = "task", "Background task"
    COMMAND = "command", "Management command"
