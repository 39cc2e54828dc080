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
