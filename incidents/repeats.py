"""Repeat location and repeat victim/caller detection (DOMAIN §4).

An earlier incident (logged before this one, occurring at most PCSO_REPEAT_WINDOW_DAYS
before it) is at the same place when its point is within PCSO_REPEAT_DISTANCE_METRES
or its normalised location text is the same, and involves the same person when a
reporter or affected person has the same normalised name *and* contact: a name alone
is too common to call someone a repeat victim.
"""

import math
import re
from datetime import timedelta

from django.conf import settings
from django.db.models import Q

from incidents.choices import PersonRole
from incidents.models.incidents import Incident, IncidentPerson

EARTH_RADIUS_METRES = 6_371_000
METRES_PER_DEGREE_LATITUDE = 111_320
# Street words written both ways in typed locations.
ABBREVIATIONS = {"street": "st", "road": "rd", "avenue": "ave", "lane": "ln", "square": "sq", "place": "pl"}
# People whose repeats matter: callers and victims, not witnesses.
REPEAT_ROLES = (PersonRole.REPORTER, PersonRole.AFFECTED, PersonRole.REPORTER_AFFECTED)
MAX_SHOWN = 20


def location_key(text: str) -> str:
    """ "On or near 12, High Street." -> "12 high st" """
    words = re.findall(r"[a-z0-9]+", (text or "").lower().removeprefix("on or near "))
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


def contact_key(contact: str) -> str:
    """Emails compare lower-case; phone numbers by their digits, +44 as a leading 0."""
    contact = (contact or "").strip().lower()
    if "@" in contact:
        return contact
    digits = re.sub(r"\D", "", contact)
    return "0" + digits[2:] if digits.startswith("44") else digits


def person_key(name: str, contact: str) -> str:
    name_part = " ".join(re.findall(r"[a-z0-9]+", (name or "").lower()))
    contact_part = contact_key(contact)
    return f"{name_part}|{contact_part}" if name_part and contact_part else ""


def distance_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance; plenty for "the same place" at neighbourhood scale."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_METRES * math.asin(math.sqrt(a))


def earlier_incidents(incident: Incident):
    since = incident.occurred_at - timedelta(days=settings.REPEAT_WINDOW_DAYS)
    return Incident.objects.filter(pk__lt=incident.pk, occurred_at__gte=since)


def near_point(incident: Incident) -> Q:
    """A bounding box the index can use; the exact distance is checked afterwards."""
    metres = settings.REPEAT_DISTANCE_METRES
    dlat = metres / METRES_PER_DEGREE_LATITUDE
    dlon = metres / (METRES_PER_DEGREE_LATITUDE * max(math.cos(math.radians(incident.latitude)), 0.01))
    return Q(
        latitude__range=(incident.latitude - dlat, incident.latitude + dlat),
        longitude__range=(incident.longitude - dlon, incident.longitude + dlon),
    )


def same_place(incident: Incident, other: Incident) -> bool:
    if incident.location_key and other.location_key == incident.location_key:
        return True
    return (
        incident.has_point
        and other.has_point
        and distance_metres(incident.latitude, incident.longitude, other.latitude, other.longitude)
        <= settings.REPEAT_DISTANCE_METRES
    )


def repeat_location_matches(incident: Incident) -> list[Incident]:
    condition = Q(location_key=incident.location_key) if incident.location_key else Q(pk__in=[])
    if incident.has_point:
        condition |= near_point(incident)
    candidates = earlier_incidents(incident).filter(condition).select_related("opening_category")
    return [
        other for other in candidates.order_by("-occurred_at", "-id")[: MAX_SHOWN * 5] if same_place(incident, other)
    ][:MAX_SHOWN]


def repeat_person_matches(incident: Incident) -> list[dict]:
    """[{"person": IncidentPerson, "incidents": [earlier Incident, ...]}] for people seen before."""
    people = [p for p in incident.people.all() if p.person_key and p.role in REPEAT_ROLES]
    if not people:
        return []
    earlier = (
        IncidentPerson.objects.filter(
            person_key__in={p.person_key for p in people},
            role__in=REPEAT_ROLES,
            incident__in=earlier_incidents(incident),
        )
        .select_related("incident__opening_category")
        .order_by("-incident__occurred_at", "-id")[: MAX_SHOWN * 5]
    )
    matches = []
    for person in people:
        incidents = list({m.incident_id: m.incident for m in earlier if m.person_key == person.person_key}.values())
        if incidents:
            matches.append({"person": person, "incidents": incidents[:MAX_SHOWN]})
    return matches


def incident_repeats(incident: Incident) -> dict:
    return {"location": repeat_location_matches(incident), "people": repeat_person_matches(incident)}
