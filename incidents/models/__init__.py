"""Models of the incidents app, one module per kind of record (ARCHITECTURE §1)."""

from .crimes import Crime
from .incidents import AsbSubtype, Incident, IncidentCategory, IncidentPerson
from .notes import CaseNote

__all__ = ["AsbSubtype", "CaseNote", "Crime", "Incident", "IncidentCategory", "IncidentPerson"]
