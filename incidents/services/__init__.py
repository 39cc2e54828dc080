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
from .incidents import (
    incident_assign,
    incident_close,
    incident_create,
    incident_resolve,
    incident_start,
    incident_update,
)
from .missing_persons import (
    herbert_protocol_save,
    missing_action_complete,
    missing_case_add_action,
    missing_case_add_sighting,
    missing_case_assess,
    missing_case_open,
    missing_case_record_return,
    missing_case_tick_checklist,
    missing_case_trace,
    missing_case_update,
    missing_cases_flag_overdue_reviews,
)
from .notes import note_create, note_edit
from .notices import designations_set, notice_issue, notice_set_status
from .shares import (
    note_share,
    share_revoke,
    shared_note_acknowledge,
    shared_note_action_done,
    shared_note_reply,
    shared_notes_read,
)

__all__ = [
    "asb_case_add_incidents",
    "asb_case_add_person",
    "asb_case_create",
    "asb_case_record_action",
    "asb_case_review",
    "asb_case_update",
    "crimes_assign_neighbourhoods",
    "designations_set",
    "herbert_protocol_save",
    "incident_assign",
    "incident_close",
    "incident_create",
    "incident_resolve",
    "incident_start",
    "incident_update",
    "missing_action_complete",
    "missing_case_add_action",
    "missing_case_add_sighting",
    "missing_case_assess",
    "missing_case_open",
    "missing_case_record_return",
    "missing_case_tick_checklist",
    "missing_case_trace",
    "missing_case_update",
    "missing_cases_flag_overdue_reviews",
    "note_create",
    "note_edit",
    "note_share",
    "notice_issue",
    "notice_set_status",
    "share_revoke",
    "shared_note_acknowledge",
    "shared_note_action_done",
    "shared_note_reply",
    "shared_notes_read",
]
