from django.db import models

# --- Missing persons (DOMAIN §5, docs/missing-persons.md) --------------------------------


class MissingRiskLevel(models.TextChoices):
    """College of Policing risk levels [fixed set]; the wording shown is data
    (MissingRiskLevelSetting), these labels are the fallback."""

    VERY_LOW = "very_low", "Very low"
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


# Most urgent first: lists and the briefing sort by this.
MISSING_RISK_ORDER = [MissingRiskLevel.HIGH, MissingRiskLevel.MEDIUM, MissingRiskLevel.LOW, MissingRiskLevel.VERY_LOW]


class MissingCaseStatus(models.TextChoices):
    ACTIVE = "active", "Missing"
    TRACED = "traced", "Traced"


class RiskAnswer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Unknown"


class SightingConfidence(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed (seen by police or known person)"
    PROBABLE = "probable", "Probable"
    POSSIBLE = "possible", "Possible"


class MissingActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
