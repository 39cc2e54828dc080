from community.services.engagements import engagement_create, engagement_update
from community.services.neighbourhoods import (
    LoadReport,
    assignments_set,
    lsoas_taken_from_others,
    neighbourhood_upsert,
    neighbourhoods_load_csv,
    read_neighbourhood_csv,
)
from community.services.patrols import (
    patrol_plan_create,
    patrol_plan_update,
    patrol_visit_arrive,
    patrol_visit_create,
    patrol_visit_leave,
)
from community.services.priorities import priority_create, priority_update

__all__ = [
    "LoadReport",
    "agreement_create",
    "agreement_update",
    "assignments_set",
    "engagement_create",
    "engagement_update",
    "lsoas_taken_from_others",
    "neighbourhood_upsert",
    "neighbourhoods_load_csv",
    "patrol_plan_create",
    "patrol_plan_update",
    "patrol_visit_arrive",
    "patrol_visit_create",
    "patrol_visit_leave",
    "priority_create",
    "priority_update",
    "read_neighbourhood_csv",
]
