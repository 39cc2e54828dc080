"""Models of the community app, one module per kind of record (ARCHITECTURE §1)."""

from community.models.engagements import Engagement, EngagementType, Priority
from community.models.neighbourhoods import (
    MAX_AREA_METRES,
    MAX_PATROL_RADIUS_METRES,
    MAX_SHIFT_HOURS,
    MAX_VISITS_PLANNED,
    Assignment,
    Neighbourhood,
    NeighbourhoodLsoa,
    PatrolPlan,
    PatrolVisit,
    default_visit_minutes,
    small_area_problem,
    validate_lsoa_code,
)

__all__ = [
    "MAX_AREA_METRES",
    "MAX_PATROL_RADIUS_METRES",
    "MAX_SHIFT_HOURS",
    "MAX_VISITS_PLANNED",
    "Assignment",
    "Engagement",
    "EngagementType",
    "Neighbourhood",
    "NeighbourhoodLsoa",
    "PatrolPlan",
    "PatrolVisit",
    "Priority",
    "SharingAgreement",
    "default_visit_minutes",
    "small_area_problem",
    "validate_lsoa_code",
]
