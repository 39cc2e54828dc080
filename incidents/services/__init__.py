"""Writes of the incidents app (ARCHITECTURE §3.1): every change, with its audit row."""

from .asb import (
    asb_case_add_incidents,
    asb_case_add_person,
    asb_case_create,
    asb_case_record_action,
    asb_case_review,
    asb_case_update,
)
from .crimes import crimes_assign_neighbourhoods
from .enquiries import (
    enquiry_close,
    enquiry_create,
    enquiry_update,
    premises_add,
    premises_import,
    visit_follow_up_done,
    visit_record,
)
from .incidents import (
    incident_assign,
    incident_close,
    incident_create,
    incident_resolve,
    incident_start,
    incident_update,
)
from .notes import note_create, note_edit
from .notices import designations_set, notice_issue, notice_set_status

__all__ = [
    "asb_case_add_incidents",
    "asb_case_add_person",
    "asb_case_create",
    "asb_case_record_action",
    "asb_case_review",
    "asb_case_update",
    "crimes_assign_neighbourhoods",
    "designations_set",
    "enquiry_close",
    "enquiry_create",
    "enquiry_update",
    "incident_assign",
    "incident_close",
    "incident_create",
    "incident_resolve",
    "incident_start",
    "incident_update",
    "note_create",
    "note_edit",
    "notice_issue",
    "notice_set_status",
    "premises_add",
    "premises_import",
    "visit_follow_up_done",
    "visit_record",
]
