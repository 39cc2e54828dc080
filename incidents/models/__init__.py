"""Models of the incidents app, one module per kind of record (ARCHITECTURE §1)."""

from .asb import AsbAction, AsbCase, AsbCasePerson, AsbReviewInterval, AsbTool
from .crimes import Crime
from .enquiries import Enquiry, Premises, QuestionTemplate, Visit, VisitOutcome
from .incidents import AsbSubtype, Incident, IncidentCategory, IncidentPerson
from .missing_persons import (
    HerbertProtocol,
    HighRiskChecklistItem,
    MissingAction,
    MissingChecklistTick,
    MissingPersonCase,
    MissingRiskAnswer,
    MissingRiskAssessment,
    MissingRiskLevelSetting,
    MissingSighting,
    RiskQuestion,
)
from .notes import CaseNote, NoteReply, NoteShare
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
    "HerbertProtocol",
    "HighRiskChecklistItem",
    "Incident",
    "IncidentCategory",
    "IncidentPerson",
    "MissingAction",
    "MissingChecklistTick",
    "MissingPersonCase",
    "MissingRiskAnswer",
    "MissingRiskAssessment",
    "MissingRiskLevelSetting",
    "MissingSighting",
    "NoteReply",
    "NoteShare",
    "NoticeDesignation",
    "NoticeOffence",
    "PenaltyNotice",
    "Premises",
    "QuestionTemplate",
    "RiskQuestion",
    "Visit",
    "VisitOutcome",
]
