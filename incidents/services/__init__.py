"""Writes of the incidents app (ARCHITECTURE §3.1): every change, with its audit row."""

from .crimes import crimes_assign_neighbourhoods
from .incidents import (
    incident_assign,
    incident_close,
    incident_create,
    incident_resolve,
    incident_start,
    incident_update,
)
from .notes import note_create, note_edit

__all__ = [
    "crimes_assign_neighbourhoods",
    "incident_assign",
    "incident_close",
    "incident_create",
    "incident_resolve",
    "incident_start",
    "incident_update",
    "note_create",
    "note_edit",
]
