"""The national 3x5x2 grading (DOMAIN §6, fixed codes) and the legacy 5x5x5 one (display only)."""

from django.db import models


class SourceEvaluation(models.TextChoices):
    RELIABLE = "1", "Reliable"
    UNTESTED = "2", "Untested"
    NOT_RELIABLE = "3", "Not reliable"


class IntelligenceAssessment(models.TextChoices):
    KNOWN_DIRECTLY = "A", "Known directly to the source"
    CORROBORATED = "B", "Known indirectly to the source but corroborated"
    KNOWN_INDIRECTLY = "C", "Known indirectly to the source"
    NOT_KNOWN = "D", "Not known"
    SUSPECTED_FALSE = "E", "Suspected to be false"


class HandlingCode(models.TextChoices):
    PERMITTED = "P", "Lawful sharing permitted"
    CONDITIONS = "C", "Lawful sharing permitted with conditions"


class Priority(models.TextChoices):
    HIGH = "high", "High: threat to life, serious harm, imminent"
    MEDIUM = "medium", "Medium: time critical"
    LOW = "low", "Low"


class LogStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted, awaiting evaluation"
    EVALUATED = "evaluated", "Evaluated"
    REJECTED = "rejected", "Rejected"


class Dissemination(models.TextChoices):
    """Who beyond the submitter and the intelligence unit may read an evaluated report."""

    UNIT = "unit", "Intelligence unit only"
    SUPERVISORS = "supervisors", "Supervisors"
    OFFICERS = "officers", "Officers and PCSOs"
    ALL_STAFF = "all_staff", "All police officers and staff"


class SubjectKind(models.TextChoices):
    PERSON = "person", "Person"
    PLACE = "place", "Place"
    VEHICLE = "vehicle", "Vehicle"


# Legacy 5x5x5 (pre-2016 forms): source A-E, intelligence 1-5, handling 1-5. Imported, shown, never set.
class LegacySource(models.TextChoices):
    A = "A", "Always reliable"
    B = "B", "Mostly reliable"
    C = "C", "Sometimes reliable"
    D = "D", "Unreliable"
    E = "E", "Untested source"


class LegacyIntelligence(models.TextChoices):
    ONE = "1", "Known to be true without reservation"
    TWO = "2", "Known personally to source but not to officer"
    THREE = "3", "Not personally known to source but corroborated"
    FOUR = "4", "Cannot be judged"
    FIVE = "5", "Suspected to be false or malicious"


class LegacyHandling(models.TextChoices):
    ONE = "1", "May be disseminated to other law enforcement agencies"
    TWO = "2", "May be disseminated to UK non-prosecuting parties"
    THREE = "3", "May be disseminated to non-EU law enforcement agencies"
    FOUR = "4", "Only within the originating agency"
    FIVE = "5", "No further dissemination: refer to the originator"
