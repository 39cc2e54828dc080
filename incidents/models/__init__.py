"""Models of the incidents app, one module per kind of record (ARCHITECTURE §1)."""

from incidents.models.asb import AsbAction, AsbCase, AsbCasePerson, AsbReviewInterval, AsbTool
from incidents.models.incidents import AsbSubtype, Incident, IncidentCategory, IncidentPerson
from incidents.models.notes import CaseNote
from incidents.models.notices import NoticeDesignation, NoticeOffence, PenaltyNotice

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
