"""Models of the incidents app, one module per kind of record (ARCHITECTURE §1)."""

from .asb import AsbAction, AsbCase, AsbCasePerson, AsbReviewInterval, AsbTool
from .crimes import Crime
from .enquiries import Enquiry, Premises, QuestionTemplate, Visit, VisitOutcome
from .incidents import AsbSubtype, Incident, IncidentCategory, IncidentPerson
from .notes import CaseNote
from .notices import NoticeDesignation, NoticeOffence, PenaltyNotice

__all__ = [
    "AsbAction",
    "AsbCase",
    "AsbCasePerson",
    "AsbReviewInterval",
    "AsbSubtype",
    "AsbTool",
    "CaseNote",
    "Crime",
    "Enquiry",
    "Incident",
    "IncidentCategory",
    "IncidentPerson",
    "NoticeDesignation",
    "NoticeOffence",
    "PenaltyNotice",
    "Premises",
    "QuestionTemplate",
    "Visit",
    "VisitOutcome",
]
