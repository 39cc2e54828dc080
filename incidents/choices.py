from django.db import models


class CrimeCategory(models.TextChoices):
    """data.police.uk crime types [fixed]: slug -> display name (as in the CSV)."""

    ANTI_SOCIAL_BEHAVIOUR = "anti-social-behaviour", "Anti-social behaviour"
    BICYCLE_THEFT = "bicycle-theft", "Bicycle theft"
    BURGLARY = "burglary", "Burglary"
    CRIMINAL_DAMAGE_ARSON = "criminal-damage-arson", "Criminal damage and arson"
    DRUGS = "drugs", "Drugs"
    OTHER_THEFT = "other-theft", "Other theft"
    POSSESSION_OF_WEAPONS = "possession-of-weapons", "Possession of weapons"
    PUBLIC_ORDER = "public-order", "Public order"
    ROBBERY = "robbery", "Robbery"
    SHOPLIFTING = "shoplifting", "Shoplifting"
    THEFT_FROM_THE_PERSON = "theft-from-the-person", "Theft from the person"
    VEHICLE_CRIME = "vehicle-crime", "Vehicle crime"
    VIOLENT_CRIME = "violent-crime", "Violence and sexual offences"
    OTHER_CRIME = "other-crime", "Other crime"

    @classmethod
    def from_text(cls, text: str) -> str | None:
        """Accept either the display name used in CSVs or the slug."""
        text = (text or "").strip()
        return CATEGORY_BY_TEXT.get(text.lower())


CATEGORY_BY_TEXT = {label.lower(): value for value, label in CrimeCategory.choices} | {
    value: value for value in CrimeCategory.values
}


class CrimeSource(models.TextChoices):
    POLICE_UK = "police_uk", "data.police.uk (monthly, public)"
    FORCE = "force", "Force crime feed (dated)"


# The 27 data.police.uk outcome categories. Stored as free text (unknown values are
# kept as they come); this list only labels the known ones.
KNOWN_OUTCOMES = frozenset(
    {
        "Awaiting court outcome",
        "Court result unavailable",
        "Court case unable to proceed",
        "Local resolution",
        "Investigation complete; no suspect identified",
        "Offender deprived of property",
        "Offender fined",
        "Offender given absolute discharge",
        "Offender given a caution",
        "Offender given a drugs possession warning",
        "Offender given a penalty notice",
        "Offender given community sentence",
        "Offender given conditional discharge",
        "Offender given suspended prison sentence",
        "Offender sent to prison",
        "Offender otherwise dealt with",
        "Offender ordered to pay compensation",
        "Suspect charged as part of another case",
        "Suspect charged",
        "Defendant found not guilty",
        "Defendant sent to Crown Court",
        "Unable to prosecute suspect",
        "Formal action is not in the public interest",
        "Action to be taken by another organisation",
        "Further investigation is not in the public interest",
        "Under investigation",
        "Status update unavailable",
    }
)


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


class EnquiryStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class EnquiryScope(models.TextChoices):
    """How the enquiry's reach was set (DOMAIN §9): named streets, a list of addresses, or an area."""

    STREETS = "streets", "Streets"
    ADDRESSES = "addresses", "Address list"
    AREA = "area", "Area on a map"


class PremisesStatus(models.TextChoices):
    """Where a premises stands, from its visits (recomputed whenever a visit is added)."""

    NOT_VISITED = "not_visited", "Not visited"
    REVISIT = "revisit", "Revisit due"
    ATTEMPTED = "attempted", "Visited, not complete"
    COMPLETED = "completed", "Completed"
