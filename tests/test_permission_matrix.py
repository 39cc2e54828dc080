"""Every endpoint x method x persona x kind of record has an expected status.

The endpoint list comes from the URL configuration itself: a route that nobody
classified here fails `test_every_route_is_classified`, so a new endpoint cannot
ship without deciding who may use it.
"""

from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from audit.models import AuditEvent
from enquiries.models import Visit
from tests.conftest import PERSONA_FIXTURES, api_client_for, client_for
from tests.factories import (
    AsbCaseFactory,
    BriefingFactory,
    CaseNoteFactory,
    CrimeFactory,
    EngagementFactory,
    EnquiryFactory,
    IncidentFactory,
    IntelligenceLogFactory,
    MissingPersonCaseFactory,
    NoteShareFactory,
    PatrolPlanFactory,
    PatrolVisitFactory,
    PenaltyNoticeFactory,
    PremisesFactory,
    PriorityFactory,
    SharingAgreementFactory,
    visit_outcome,
)

INTERNAL = ["pcso", "constable", "south_officer", "supervisor", "intelligence", "staff", "admin"]
PARTNERS = ["partner", "other_partner"]
PERSONAS = list(PERSONA_FIXTURES)


def expect(internal, partner, anonymous, **overrides) -> dict[str, int]:
    statuses = {name: internal for name in INTERNAL} | {name: partner for name in PARTNERS}
    return statuses | {"anonymous": anonymous} | overrides


PAGE = expect(200, 404, 302)
API_READ = expect(200, 404, 401)
SUPERVISORS_ONLY_PAGE = expect(404, 404, 302, supervisor=200, admin=200)
# Incidents: every internal role reads; intelligence officers and administrators only read
# (403 on a write: they can see the record, so refusing says nothing new). The north
# incident was logged by Pat (pcso) and is open and unassigned; Pat wrote the note.
NOT_LOGGERS = {"intelligence": 403, "admin": 403}
API_LOG = expect(400, 404, 401, **NOT_LOGGERS)  # an empty body from a role that may log
NOT_LOGGERS_404 = {"intelligence": 404, "admin": 404}
LOGGER_PAGE = expect(200, 404, 302, **NOT_LOGGERS_404)
# A page form post with no data: back to the incident with a message (302), or 404 for
# the roles that do not log incidents.
LOGGER_POST = expect(302, 404, 302, **NOT_LOGGERS_404)
LOGGER_GET_ON_POST_ONLY = expect(405, 404, 302, **NOT_LOGGERS_404)
API_SUPERVISOR_VERB = expect(403, 404, 401, supervisor=400)
API_RESPONSIBLE_VERB = expect(403, 404, 401, pcso=400, supervisor=400)
ADMIN_ONLY_API = expect(404, 404, 401, admin=200)
# ASB cases (docs/asb.md): every internal role reads; PCSOs, constables and supervisors work
# them (staff, intelligence and administrators do not: 404 on pages, 403 on the API);
# supervisors review. The north case was opened by Pat from the north ASB incident.
NOT_ASB_WORKERS = {"staff": 404, "intelligence": 404, "admin": 404}
NOT_ASB_WORKERS_API = {"staff": 403, "intelligence": 403, "admin": 403}
ASB_WORKER_PAGE = expect(200, 404, 302, **NOT_ASB_WORKERS)
ASB_WORKER_POST = expect(302, 404, 302, **NOT_ASB_WORKERS)
ASB_WORKER_GET_ON_POST_ONLY = expect(405, 404, 302, **NOT_ASB_WORKERS)
API_ASB_WORK = expect(400, 404, 401, **NOT_ASB_WORKERS_API)
# Penalty notices (docs/notices.md): the same officers issue; the north notice was issued by
# Pat, so only Pat and supervisors change its status; administrators set designations.
ADMIN_ONLY_PAGE = expect(404, 404, 302, admin=200)
# Engagements and PACT priorities (docs/engagements.md): every internal role reads; officers
# of the neighbourhood's team (Pat, Connor, Sam for North) record and edit; staff,
# intelligence officers and administrators only read (404 on pages, 403 on the API); Olivia,
# of South, is refused North's records (403 on the API, 404 on the edit page).
NOT_ENGAGERS = {"staff": 404, "intelligence": 404, "admin": 404}
NOT_ENGAGERS_API = {"staff": 403, "intelligence": 403, "admin": 403}
ENGAGER_PAGE = expect(200, 404, 302, **NOT_ENGAGERS)
NORTH_ENGAGER_PAGE = expect(200, 404, 302, south_officer=404, **NOT_ENGAGERS)
API_ENGAGE = expect(400, 404, 401, **NOT_ENGAGERS_API)
API_NORTH_EDIT = expect(428, 404, 401, south_officer=403, **NOT_ENGAGERS_API)

# Partners (docs/partners.md).
NOT_SHARERS_API = {"staff": 403, "intelligence": 403, "admin": 403}
AGREEMENT_KEEPERS = {"supervisor": 200, "admin": 200}


def carol_only(status: int) -> dict[str, int]:
    """Carol (council) gets `status`; everyone else who is signed in 404, as for a missing share."""
    return expect(404, 404, 401) | {"partner": status}


PARTNER_SURFACE = carol_only(200)


def carol_only_page(status: int) -> dict[str, int]:
    return expect(404, 404, 302) | {"partner": status}


SHARER_PAGE = expect(200, 404, 302, staff=404, intelligence=404, admin=404)
SHARER_POST = expect(302, 404, 302, staff=404, intelligence=404, admin=404)
PARTNER_MATRIX = {
    "partners:agency-list": [("get", None, PAGE)],
    "partners:agency-create": [("get", None, ADMIN_ONLY_PAGE), ("post", None, ADMIN_ONLY_PAGE)],
    "partners:agency-edit": [("get", "council_code", ADMIN_ONLY_PAGE)],
    "partners:agreement-list": [("get", None, PAGE)],
    "partners:agreement-create": [("get", None, SUPERVISORS_ONLY_PAGE), ("post", None, SUPERVISORS_ONLY_PAGE)],
    "partners:agreement-detail": [("get", "agreement", PAGE)],
    "partners:agreement-edit": [("get", "agreement", SUPERVISORS_ONLY_PAGE)],
    "partners:share-list": [("get", None, PAGE)],
    "partners:note-share": [("get", "shareable_note", SHARER_PAGE), ("post", "shareable_note", SHARER_PAGE)],
    # Constables are sent back with "only the sharer or a supervisor revokes" (302, logged).
    "partners:share-revoke": [
        ("post", "council_share", expect(302, 404, 302, staff=404, intelligence=404, admin=404)),
        ("get", "council_share", expect(405, 404, 302, staff=404, intelligence=404, admin=404)),
    ],
    "partners:shared-note-list": [("get", None, expect(404, 200, 302))],
    "partners:shared-note-detail": [
        ("get", "council_share", carol_only_page(200)),
        ("get", "revoked_council_share", carol_only_page(404)),
    ],
    **{
        f"partners:shared-note-{verb}": [
            ("post", "council_share", carol_only_page(302)),
            ("post", "revoked_council_share", carol_only_page(404)),
            ("get", "council_share", expect(404, 405, 302)),  # 405 before any lookup, as for a missing id
        ]
        for verb in ("reply", "acknowledge", "action-done")
    },
    "api:partner-agency-list": [("get", None, API_READ), ("post", None, expect(403, 404, 401, admin=400))],
    "api:partner-agency-detail": [
        ("get", "council_code", API_READ),
        ("patch", "council_code", expect(403, 404, 401, admin=428)),
        ("put", "council_code", expect(403, 404, 401, admin=428)),
        ("delete", "council_code", expect(405, 404, 401)),
    ],
    "api:sharing-agreement-list": [
        ("get", None, API_READ),
        ("post", None, expect(403, 404, 401, supervisor=400, admin=400)),
    ],
    "api:sharing-agreement-detail": [
        ("get", "agreement", API_READ),
        ("patch", "agreement", expect(403, 404, 401, supervisor=428, admin=428)),
        ("delete", "agreement", expect(405, 404, 401)),
    ],
    "api:note-shares": [("get", "note_id", API_READ), ("post", "note_id", expect(400, 404, 401, **NOT_SHARERS_API))],
    "api:share-list": [("get", None, API_READ), ("post", None, expect(405, 404, 401))],
    "api:share-detail": [("get", "council_share", API_READ), ("delete", "council_share", expect(405, 404, 401))],
    "api:share-revoke": [
        ("post", "council_share", expect(403, 404, 401, pcso=200, supervisor=200)),
        ("post", "revoked_council_share", expect(403, 404, 401, pcso=400, supervisor=400)),
    ],
    "api:shared-note-list": [("get", None, expect(404, 200, 401)), ("post", None, expect(404, 405, 401))],
    "api:shared-note-detail": [
        ("get", "council_share", PARTNER_SURFACE),
        ("get", "revoked_council_share", expect(404, 404, 401)),
        ("delete", "council_share", expect(404, 405, 401)),  # 405 for a missing id too
    ],
    "api:shared-note-replies": [
        ("get", "council_share", PARTNER_SURFACE),
        ("post", "council_share", carol_only(400)),
        ("get", "revoked_council_share", expect(404, 404, 401)),
        ("post", "revoked_council_share", expect(404, 404, 401)),
    ],
    "api:shared-note-acknowledge": [
        ("post", "council_share", PARTNER_SURFACE),
        ("post", "revoked_council_share", expect(404, 404, 401)),
    ],
    "api:shared-note-action-done": [
        ("post", "council_share", PARTNER_SURFACE),
        ("post", "revoked_council_share", expect(404, 404, 401)),
    ],
}

# Intelligence (docs/intelligence.md): `north_intel` is evaluated, shared with officers, and
# was submitted by Pat. Officers and the unit read it; staff and administrators are not in
# its audience (404, as for a missing report); partners never see intelligence. Only the
# unit (Ian) evaluates and reads source records and originals: 404 for everyone else.
INTEL_SUBMITTERS_PAGE = expect(200, 404, 302, staff=404, admin=404)
INTEL_READERS_PAGE = expect(200, 404, 302, staff=404, admin=404)
INTEL_UNIT_PAGE = expect(404, 404, 302, intelligence=200)
INTEL_UNIT_API = expect(404, 404, 401, intelligence=428)  # the unit must send If-Match
INTEL_UNIT_READ_API = expect(404, 404, 401, intelligence=400)  # no justification given
INTEL_MATRIX = {
    "intelligence:log-list": [("get", None, PAGE)],
    "intelligence:log-create": [("get", None, INTEL_SUBMITTERS_PAGE), ("post", None, INTEL_SUBMITTERS_PAGE)],
    "intelligence:log-detail": [("get", "north_intel", INTEL_READERS_PAGE)],
    "intelligence:log-evaluate": [("get", "north_intel", INTEL_UNIT_PAGE), ("post", "north_intel", INTEL_UNIT_PAGE)],
    # An evaluated report cannot be rejected: back to it with the reason (302).
    "intelligence:log-reject": [
        ("post", "north_intel", expect(404, 404, 302, intelligence=302)),
        ("get", "north_intel", expect(404, 404, 302, intelligence=405)),
    ],
    "intelligence:log-source": [("get", "north_intel", INTEL_UNIT_PAGE), ("post", "north_intel", INTEL_UNIT_PAGE)],
    "intelligence:log-original": [("get", "north_intel", INTEL_UNIT_PAGE), ("post", "north_intel", INTEL_UNIT_PAGE)],
    "api:intelligence-log-list": [
        ("get", None, API_READ),
        ("post", None, expect(400, 404, 401, staff=403, admin=403)),
    ],
    "api:intelligence-log-detail": [
        ("get", "north_intel", expect(200, 404, 401, staff=404, admin=404)),
        ("patch", "north_intel", expect(405, 404, 401)),
        ("delete", "north_intel", expect(405, 404, 401)),
    ],
    "api:intelligence-log-evaluate": [("post", "north_intel", INTEL_UNIT_API)],
    "api:intelligence-log-sanitise": [("post", "north_intel", INTEL_UNIT_API)],
    "api:intelligence-log-reject": [("post", "north_intel", INTEL_UNIT_API)],
    "api:intelligence-log-source": [("post", "north_intel", INTEL_UNIT_READ_API)],
    "api:intelligence-log-original": [("post", "north_intel", INTEL_UNIT_READ_API)],
}

# route name -> list of (method, record kind, expected statuses). Record kinds are
# built by `records()` below: north/south briefings, a crime in North, one outside
# every neighbourhood, an audit event.
MATRIX = {
    "home": [("get", None, expect(200, 200, 302))],
    "health": [("get", None, expect(200, 200, 200))],
    "accounts:login": [("get", None, expect(302, 302, 200))],
    "accounts:logout": [("post", None, expect(302, 302, 302)), ("get", None, expect(405, 405, 405))],
    "briefings:list": [("get", None, PAGE)],
    "briefings:read-status": [("get", None, SUPERVISORS_ONLY_PAGE)],
    "briefings:detail": [("get", "north_briefing", PAGE), ("get", "south_briefing", PAGE)],
    "briefings:acknowledge": [
        ("post", "north_briefing", expect(302, 404, 302)),
        ("get", "north_briefing", expect(405, 404, 302)),
    ],
    "briefings:new-since": [("get", "south_briefing", PAGE)],
    "crimes:crime-list": [("get", None, PAGE)],
    "incidents:incident-list": [("get", None, PAGE)],
    "incidents:incident-create": [("get", None, LOGGER_PAGE), ("post", None, LOGGER_PAGE)],
    "incidents:incident-detail": [("get", "north_incident", PAGE)],
    # Those who may neither edit nor log are sent back to the incident (302) with a message.
    "incidents:incident-edit": [
        ("get", "north_incident", expect(302, 404, 302, pcso=200, supervisor=200, **NOT_LOGGERS_404))
    ],
    **{
        f"incidents:incident-{verb}": [
            ("post", "north_incident", LOGGER_POST),
            ("get", "north_incident", LOGGER_GET_ON_POST_ONLY),
        ]
        for verb in ("assign", "start", "resolve", "close")
    },
    "incidents:note-create": [("post", "north_incident", LOGGER_POST)],
    "incidents:note-edit": [("get", "north_note", expect(302, 404, 302, pcso=200, **NOT_LOGGERS_404))],
    "incidents:asb-case-list": [("get", None, PAGE)],
    "incidents:asb-case-create": [("get", None, ASB_WORKER_PAGE), ("post", None, ASB_WORKER_PAGE)],
    "incidents:asb-case-detail": [("get", "north_asb_case", PAGE)],
    "incidents:asb-case-edit": [("get", "north_asb_case", ASB_WORKER_PAGE)],
    **{
        f"incidents:asb-case-{verb}": [
            ("post", "north_asb_case", ASB_WORKER_POST),
            ("get", "north_asb_case", ASB_WORKER_GET_ON_POST_ONLY),
        ]
        for verb in ("add-incident", "add-person", "record-action", "review")
    },
    "api:asb-case-list": [("get", None, API_READ), ("post", None, API_ASB_WORK)],
    "api:asb-case-detail": [
        ("get", "north_asb_case", API_READ),
        ("patch", "north_asb_case", expect(428, 404, 401, **NOT_ASB_WORKERS_API)),
        ("put", "north_asb_case", expect(428, 404, 401, **NOT_ASB_WORKERS_API)),
        ("delete", "north_asb_case", expect(405, 404, 401)),
    ],
    "api:asb-case-add-incident": [("post", "north_asb_case", API_ASB_WORK)],
    "api:asb-case-add-person": [("post", "north_asb_case", API_ASB_WORK)],
    "api:asb-case-record-action": [("post", "north_asb_case", API_ASB_WORK)],
    "api:asb-case-review": [("post", "north_asb_case", expect(403, 404, 401, supervisor=400))],
    "incidents:notice-list": [("get", None, PAGE)],
    "incidents:notice-create": [("get", None, ASB_WORKER_PAGE), ("post", None, ASB_WORKER_PAGE)],
    "incidents:notice-detail": [("get", "north_notice", PAGE)],
    "incidents:notice-status": [
        ("post", "north_notice", ASB_WORKER_POST),
        ("get", "north_notice", ASB_WORKER_GET_ON_POST_ONLY),
    ],
    "incidents:designation-list": [("get", None, ADMIN_ONLY_PAGE)],
    "incidents:designation-edit": [
        ("post", "pcso_username", expect(404, 404, 302, admin=302)),
        ("get", "pcso_username", expect(404, 404, 302, admin=405)),
    ],
    "api:notice-list": [("get", None, API_READ), ("post", None, API_ASB_WORK)],
    "api:notice-detail": [
        ("get", "north_notice", API_READ),
        ("patch", "north_notice", expect(405, 404, 401)),
        ("delete", "north_notice", expect(405, 404, 401)),
    ],
    "api:notice-status": [("post", "north_notice", expect(403, 404, 401, pcso=400, supervisor=400))],
    "api:notice-designation-list": [("get", None, ADMIN_ONLY_API)],
    "api:notice-designation-detail": [
        ("get", "pcso_username", ADMIN_ONLY_API),
        ("put", "pcso_username", expect(404, 404, 401, admin=400)),
    ],
    "community:patrol-mine": [("get", None, PAGE)],
    "briefings:patrols": [("get", None, PAGE)],
    "community:patrol-create": [("get", None, SUPERVISORS_ONLY_PAGE), ("post", None, SUPERVISORS_ONLY_PAGE)],
    "community:patrol-detail": [("get", "north_plan", PAGE)],
    "community:patrol-edit": [("get", "north_plan", SUPERVISORS_ONLY_PAGE)],
    # Every role that logs visits is sent back with a message (302); only Pat, assigned to
    # the plan, gets a visit logged. The rest of who-may-log is in tests/community/.
    "community:visit-arrive": [
        ("post", "north_plan", LOGGER_POST),
        ("get", "north_plan", LOGGER_GET_ON_POST_ONLY),
    ],
    "community:visit-leave": [("post", "north_visit", LOGGER_POST)],
    # Engagements and PACT priorities (docs/engagements.md).
    "community:engagement-list": [("get", None, PAGE)],
    "community:engagement-create": [("get", None, ENGAGER_PAGE), ("post", None, ENGAGER_PAGE)],
    "community:engagement-calendar": [("get", None, PAGE)],
    "community:engagement-activity": [("get", None, SUPERVISORS_ONLY_PAGE)],
    "community:engagement-detail": [("get", "north_engagement", PAGE)],
    "community:engagement-edit": [("get", "north_engagement", NORTH_ENGAGER_PAGE)],
    "community:priority-list": [("get", None, PAGE)],
    "community:priority-create": [("get", None, ENGAGER_PAGE), ("post", None, ENGAGER_PAGE)],
    "community:priority-detail": [("get", "north_priority", PAGE)],
    "community:priority-edit": [("get", "north_priority", NORTH_ENGAGER_PAGE)],
    "community:you-said-we-did": [("get", "north_code", PAGE)],
    "community:police-uk-download": [("get", "north_code", PAGE)],
    "api:engagement-list": [("get", None, API_READ), ("post", None, API_ENGAGE)],
    "api:engagement-detail": [
        ("get", "north_engagement", API_READ),
        ("patch", "north_engagement", API_NORTH_EDIT),
        ("put", "north_engagement", API_NORTH_EDIT),
        ("delete", "north_engagement", expect(405, 404, 401)),
    ],
    "api:priority-list": [("get", None, API_READ), ("post", None, API_ENGAGE)],
    "api:priority-detail": [
        ("get", "north_priority", API_READ),
        ("patch", "north_priority", API_NORTH_EDIT),
        ("put", "north_priority", API_NORTH_EDIT),
        ("delete", "north_priority", expect(405, 404, 401)),
    ],
    "api:neighbourhood-police-uk": [("get", "north_code", API_READ), ("post", "north_code", expect(405, 404, 401))],
    # House-to-house enquiries (docs/enquiries.md): every internal role reads (a consultation);
    # those who log incidents (PCSOs, constables, supervisors, staff) set up, add premises and
    # record visits; Pat coordinates the north enquiry, so only Pat and supervisors close it.
    "enquiries:enquiry-list": [("get", None, PAGE)],
    "enquiries:enquiry-create": [("get", None, LOGGER_PAGE), ("post", None, LOGGER_PAGE)],
    "enquiries:enquiry-detail": [("get", "north_enquiry", PAGE)],
    "enquiries:enquiry-edit": [("get", "north_enquiry", LOGGER_PAGE)],
    **{
        f"enquiries:enquiry-{verb}": [
            ("post", kind, LOGGER_POST),
            ("get", kind, LOGGER_GET_ON_POST_ONLY),
        ]
        for verb, kind in (
            ("add-premises", "north_enquiry"),
            ("import", "north_enquiry"),
            ("follow-up-done", "north_follow_up"),
        )
    },
    "enquiries:enquiry-visit": [("get", "north_premises", LOGGER_PAGE), ("post", "north_premises", LOGGER_PAGE)],
    "enquiries:enquiry-close": [
        ("get", "north_enquiry", expect(302, 404, 302, pcso=200, supervisor=200, **NOT_LOGGERS_404)),
        ("post", "north_enquiry", expect(302, 404, 302, pcso=200, supervisor=200, **NOT_LOGGERS_404)),
    ],
    "enquiries:enquiry-export": [("get", "north_enquiry", PAGE)],
    "enquiries:enquiry-report": [("get", "north_enquiry", PAGE)],
    "api:enquiry-list": [("get", None, API_READ), ("post", None, API_LOG)],
    "api:enquiry-detail": [
        ("get", "north_enquiry", API_READ),
        ("patch", "north_enquiry", expect(428, 404, 401, **NOT_LOGGERS)),
        ("put", "north_enquiry", expect(428, 404, 401, **NOT_LOGGERS)),
        ("delete", "north_enquiry", expect(405, 404, 401)),
    ],
    "api:enquiry-premises": [("get", "north_enquiry", API_READ), ("post", "north_enquiry", API_LOG)],
    "api:enquiry-import": [("post", "north_enquiry", API_LOG)],
    "api:enquiry-visits": [("get", "north_enquiry", API_READ), ("post", "north_enquiry", API_LOG)],
    "api:enquiry-follow-up-done": [("post", "north_follow_up", expect(200, 404, 401, **NOT_LOGGERS))],
    "api:enquiry-close": [("post", "north_enquiry", expect(403, 404, 401, pcso=400, supervisor=400))],
    "api:enquiry-export": [("get", "north_enquiry", API_READ)],
    "api:auth-token": [("post", None, expect(400, 400, 400))],
    "api:api-root": [("get", None, API_READ)],
    "api:neighbourhood-list": [("get", None, API_READ), ("post", None, expect(405, 404, 401))],
    "api:neighbourhood-detail": [("get", "north_code", API_READ), ("put", "north_code", expect(405, 404, 401))],
    "api:crime-list": [("get", None, API_READ), ("post", None, expect(405, 404, 401))],
    "api:crime-detail": [
        ("get", "north_crime", API_READ),
        ("get", "unassigned_crime", API_READ),
        ("delete", "north_crime", expect(405, 404, 401)),
    ],
    "api:incident-list": [("get", None, API_READ), ("post", None, API_LOG)],
    "api:incident-detail": [
        ("get", "north_incident", API_READ),
        ("patch", "north_incident", expect(403, 404, 401, pcso=428, supervisor=428)),
        ("put", "north_incident", expect(403, 404, 401, pcso=428, supervisor=428)),
        ("delete", "north_incident", expect(405, 404, 401)),
    ],
    "api:incident-assign": [("post", "north_incident", API_SUPERVISOR_VERB)],
    "api:incident-start": [("post", "north_incident", expect(403, 404, 401))],
    "api:incident-resolve": [("post", "north_incident", API_RESPONSIBLE_VERB)],
    "api:incident-close": [("post", "north_incident", API_SUPERVISOR_VERB)],
    "api:incident-notes": [("get", "north_incident", API_READ), ("post", "north_incident", API_LOG)],
    "api:incident-note-detail": [
        ("get", "north_note", API_READ),
        ("patch", "north_note", expect(403, 404, 401, pcso=400)),
        ("delete", "north_note", expect(405, 404, 401)),
    ],
    "api:patrol-list": [("get", None, API_READ), ("post", None, expect(403, 404, 401, supervisor=400, admin=400))],
    "api:patrol-detail": [
        ("get", "north_plan", API_READ),
        ("patch", "north_plan", expect(403, 404, 401, supervisor=428, admin=428)),
        ("put", "north_plan", expect(403, 404, 401, supervisor=428, admin=428)),
        ("delete", "north_plan", expect(405, 404, 401)),
    ],
    # Pat is assigned, but already on an open visit there (north_visit): 400 "press Left first".
    "api:patrol-visits": [("get", "north_plan", API_READ), ("post", "north_plan", expect(403, 404, 401, pcso=400))],
    "api:patrol-visit-leave": [("post", "north_visit", expect(403, 404, 401, pcso=200))],
    "api:briefing-list": [("get", None, API_READ)],
    "api:briefing-detail": [("get", "north_briefing", API_READ), ("get", "south_briefing", API_READ)],
    "api:briefing-acknowledge": [("post", "south_briefing", expect(201, 404, 401))],
    "api:audit-event-list": [("get", None, ADMIN_ONLY_API)],
    "api:audit-event-detail": [("get", "audit_event", ADMIN_ONLY_API)],
    "api-schema": [("get", None, API_READ)],
    "api-docs": [("get", None, expect(200, 404, 302))],
    "admin:index": [("get", None, expect(302, 302, 302, admin=200))],
    # --- Partners (docs/partners.md) ---------------------------------------------------
    # Police users read agencies and agreements; administrators register agencies, supervisors
    # and administrators record agreements; PCSOs, constables and supervisors share notes;
    # the sharer (Pat) or a supervisor revokes. Partner users reach only the shared-notes
    # surface, and there only their own agency's current shares: Carol's council has
    # `council_share` (with an action); `revoked_council_share` was revoked; Harry's housing
    # association has none, so Harry gets 404 on every share.
    **PARTNER_MATRIX,
    # --- Missing persons (docs/missing-persons.md) -------------------------------------
    # Restricted data read by every internal role; those who log incidents work the cases
    # (intelligence officers and administrators read only: 404 on work pages, 403 on the
    # API); partners see nothing (404). The north case is active and high risk, opened by
    # Pat, with a photo and an open action for Pat.
    "missing_persons:missing-case-list": [("get", None, PAGE)],
    "missing_persons:missing-case-create": [("get", None, LOGGER_PAGE), ("post", None, LOGGER_PAGE)],
    "missing_persons:missing-case-detail": [("get", "north_missing_case", PAGE)],
    "missing_persons:missing-case-timeline": [("get", "north_missing_case", PAGE)],
    "missing_persons:missing-case-photo": [("get", "north_missing_photo", PAGE)],
    "missing_persons:missing-case-edit": [("get", "north_missing_case", LOGGER_PAGE)],
    "missing_persons:missing-case-assess": [("get", "north_missing_case", LOGGER_PAGE)],
    "missing_persons:missing-case-herbert": [("get", "north_missing_case", LOGGER_PAGE)],
    **{
        f"missing_persons:missing-case-{verb}": [
            ("post", "north_missing_case", LOGGER_POST),
            ("get", "north_missing_case", LOGGER_GET_ON_POST_ONLY),
        ]
        for verb in ("sighting", "action", "checklist", "trace", "return")
    },
    "missing_persons:missing-case-action-done": [
        ("post", "north_missing_action", LOGGER_POST),
        ("get", "north_missing_action", LOGGER_GET_ON_POST_ONLY),
    ],
    "api:missing-person-case-list": [("get", None, API_READ), ("post", None, API_LOG)],
    "api:missing-person-case-detail": [
        ("get", "north_missing_case", API_READ),
        ("patch", "north_missing_case", expect(428, 404, 401, **NOT_LOGGERS)),
        ("put", "north_missing_case", expect(428, 404, 401, **NOT_LOGGERS)),
        ("delete", "north_missing_case", expect(405, 404, 401)),
    ],
    # An empty body from a role that works cases is a 400 (nothing to record); on the active
    # case, "return" is refused (400) until the trace. GETs are audited reads.
    **{
        f"api:missing-person-case-{sub}": [
            ("get", "north_missing_case", API_READ),
            ("post", "north_missing_case", API_LOG),
        ]
        for sub in ("assessments", "sightings", "actions", "photo")
    },
    **{
        f"api:missing-person-case-{verb}": [("post", "north_missing_case", API_LOG)]
        for verb in ("checklist", "trace", "return")
    },
    "api:missing-person-case-action-complete": [("post", "north_missing_action", API_LOG)],
    # Referring a traced child's return home interview is a disclosure: those who share notes
    # (an empty body: 400; on the page, back to the still-active case with the reason); staff,
    # intelligence officers and administrators get what the other share routes give them.
    "missing_persons:missing-case-refer-rhi": [
        ("post", "north_missing_case", SHARER_POST),
        ("get", "north_missing_case", expect(405, 404, 302, staff=404, intelligence=404, admin=404)),
    ],
    "api:missing-person-case-refer-rhi": [("post", "north_missing_case", expect(400, 404, 401, **NOT_SHARERS_API))],
    "api:missing-person-case-herbert-protocol": [
        ("get", "north_missing_case", API_READ),
        ("put", "north_missing_case", expect(200, 404, 401, **NOT_LOGGERS)),
    ],
    # Everyone signed in has their own notifications (partners' list is simply empty).
    "accounts:notifications": [("get", None, expect(200, 200, 302))],
    "accounts:notifications-read": [("post", None, expect(302, 302, 302)), ("get", None, expect(405, 405, 302))],
    # --- end missing persons -----------------------------------------------------------
    **INTEL_MATRIX,
}


def route_names(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from route_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed {pattern.pattern}>"


def test_every_route_is_classified():
    # The Django admin guards its own pages (administrators only); it is covered by admin:index.
    unclassified = {name for name in route_names() if name not in MATRIX and not name.startswith("admin:")}
    assert unclassified == set()


@pytest.fixture
def records(north, south, pcso, council, housing, db, settings, tmp_path):
    incident = IncidentFactory(neighbourhood=north, created_by=pcso)
    settings.MEDIA_ROOT = tmp_path  # the missing person's photo
    missing = missing_person_records(north, pcso)
    plan = PatrolPlanFactory(neighbourhood=north, officers=[pcso])
    visit = PatrolVisitFactory(plan=plan, officer=pcso)
    enquiry = EnquiryFactory(neighbourhood=north, created_by=pcso)
    premises = PremisesFactory(enquiry=enquiry)
    follow_up = Visit.objects.create(
        premises=premises,
        visited_at=timezone.now(),
        visited_by=pcso,
        recorded_by=pcso,
        outcome=visit_outcome("occupant-seen"),
        follow_up="Collect CCTV",
    )
    return {
        **partner_records(incident, pcso, council, housing),
        "north_briefing": {"pk": BriefingFactory(neighbourhood=north).pk},
        "south_briefing": {"pk": BriefingFactory(neighbourhood=south).pk},
        "north_crime": {"pk": CrimeFactory(neighbourhood=north, lsoa_code="E01000001").pk},
        "unassigned_crime": {"pk": CrimeFactory(neighbourhood=None, lsoa_code="").pk},
        "north_code": {"code": north.code},
        "north_incident": {"pk": incident.pk},
        "north_asb_case": {"pk": AsbCaseFactory(neighbourhood=north, created_by=pcso).pk},
        "north_notice": {"pk": PenaltyNoticeFactory(neighbourhood=north, issued_by=pcso).pk},
        "pcso_username": {"username": pcso.username},
        "north_note": {"pk": incident.pk, "note_pk": CaseNoteFactory(incident=incident, author=pcso).pk},
        "north_plan": {"pk": plan.pk},
        "north_visit": {"pk": plan.pk, "visit_pk": visit.pk},
        "north_engagement": {"pk": EngagementFactory(neighbourhood=north, created_by=pcso).pk},
        "north_priority": {"pk": PriorityFactory(neighbourhood=north, created_by=pcso).pk},
        "north_enquiry": {"pk": enquiry.pk},
        "north_premises": {"pk": enquiry.pk, "premises_pk": premises.pk},
        "north_follow_up": {"pk": enquiry.pk, "visit_pk": follow_up.pk},
        "audit_event": {"pk": AuditEvent.objects.create(category="security", action="test", source="command").pk},
        "north_intel": {"pk": IntelligenceLogFactory(evaluated=True, neighbourhood=north, submitted_by=pcso).pk},
        **missing,
    }


def missing_person_records(north, pcso) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from missing_persons.models import HerbertProtocol, MissingAction
    from tests.factories import PNG_BYTES

    case = MissingPersonCaseFactory(
        neighbourhood=north,
        created_by=pcso,
        photo_content_type="image/png",
        photo=SimpleUploadedFile("p.png", PNG_BYTES),
    )
    HerbertProtocol.objects.create(case=case, routines="Walks to the church", recorded_by=pcso)
    action = MissingAction.objects.create(
        case=case, description="Check CCTV", assigned_to=pcso, created_by=pcso, due_at=case.missing_since
    )
    return {
        "north_missing_case": {"pk": case.pk},
        "north_missing_action": {"pk": case.pk, "action_pk": action.pk},
        "north_missing_photo": {"pk": case.pk, "which": "person"},
    }


def partner_records(incident, pcso, council, housing) -> dict:
    """Pat's note on the north incident, shared with the council (current, with an action due
    in 72 hours) and an earlier note whose council share was revoked. Nothing for housing."""
    note = CaseNoteFactory(incident=incident, author=pcso, body="Shared with the council.")
    agreement = SharingAgreementFactory(parties=[council, housing])
    due = timezone.now() + timedelta(hours=72)
    share = NoteShareFactory(
        note=note,
        agency=council,
        agreement=agreement,
        shared_by=pcso,
        action="Return home interview",
        action_due_at=due,
    )
    revoked = NoteShareFactory(
        note=CaseNoteFactory(incident=incident, author=pcso, body="No longer shared."),
        agency=council,
        agreement=agreement,
        shared_by=pcso,
        revoked_at=timezone.now(),
        revoked_by=pcso,
    )
    return {
        "council_code": {"code": council.code},
        "agreement": {"pk": agreement.pk},
        "note_id": {"pk": note.pk},
        "shareable_note": {"pk": incident.pk, "note_pk": note.pk},
        "council_share": {"pk": share.pk},
        "revoked_council_share": {"pk": revoked.pk},
    }


CASES = [
    (route, method, kind, persona, status)
    for route, rows in MATRIX.items()
    for method, kind, statuses in rows
    for persona, status in statuses.items()
]


@pytest.mark.parametrize(("route", "method", "kind", "persona", "status"), CASES, ids=str)
def test_permission_matrix(route, method, kind, persona, status, request, records):
    fixture = PERSONA_FIXTURES[persona]
    user = request.getfixturevalue(fixture) if fixture else None
    url = reverse(route, kwargs=records[kind] if kind else None)
    client = api_client_for(user) if route.startswith("api:") or route == "api-schema" else client_for(user)
    response = getattr(client, method)(url)
    assert response.status_code == status, f"{persona} {method.upper()} {url}: {response.status_code}"


def test_every_persona_appears_for_every_route():
    for route, rows in MATRIX.items():
        for method, _, statuses in rows:
            assert set(statuses) == set(PERSONAS), f"{route} {method} does not classify every persona"


def test_api_404_for_out_of_scope_is_identical_to_missing(partner, pcso, records):
    out_of_scope = api_client_for(partner).get(reverse("api:briefing-detail", kwargs=records["north_briefing"]))
    missing = api_client_for(pcso).get(reverse("api:briefing-detail", kwargs={"pk": 999_999}))
    closed = api_client_for(pcso).get(reverse("api:audit-event-detail", kwargs=records["audit_event"]))
    assert out_of_scope.status_code == missing.status_code == closed.status_code == 404
    assert out_of_scope.content == missing.content == closed.content


def test_denied_api_and_page_attempts_are_logged(partner, pcso, records):
    api_client_for(partner).get(reverse("api:crime-list"))
    client_for(pcso).get(reverse("briefings:read-status"))
    denied = AuditEvent.objects.filter(outcome="denied")
    assert set(denied.values_list("actor_username", "action")) == {("carol", "api.denied"), ("pat", "page.denied")}


# --- Partners: the rules the rows above rely on ------------------------------------------


def test_revoking_removes_the_partners_access_on_the_next_request(partner, pcso, records):
    share = records["council_share"]
    api = api_client_for(partner)
    page = client_for(partner)
    assert api.get(reverse("api:shared-note-detail", kwargs=share)).status_code == 200
    assert page.get(reverse("partners:shared-note-detail", kwargs=share)).status_code == 200

    assert api_client_for(pcso).post(reverse("api:share-revoke", kwargs=share)).status_code == 200

    assert api.get(reverse("api:shared-note-detail", kwargs=share)).status_code == 404
    assert page.get(reverse("partners:shared-note-detail", kwargs=share)).status_code == 404
    assert api.get(reverse("api:shared-note-list")).json()["count"] == 0
    assert api.post(reverse("api:shared-note-replies", kwargs=share), {"body": "x"}).status_code == 404


def test_an_expired_agreement_blocks_new_shares(pcso, council, records):
    from partners.models import SharingAgreement

    yesterday = timezone.localdate() - timedelta(days=1)
    SharingAgreement.objects.filter(pk=records["agreement"]["pk"]).update(
        starts_on=yesterday - timedelta(days=30), review_on=yesterday, expires_on=yesterday
    )
    other_note = CaseNoteFactory(incident_id=records["north_incident"]["pk"], author=pcso)
    body = {"agency": "housing", "agreement": records["agreement"]["pk"], "purpose": "Safeguarding"}

    response = api_client_for(pcso).post(reverse("api:note-shares", args=[other_note.pk]), body, format="json")

    assert response.status_code == 400 and "expired on" in response.json()["agreement"][0]
    assert AuditEvent.objects.filter(action="note.share", outcome="denied", recipient="housing").count() == 1


def test_a_share_of_another_agency_is_the_same_404_as_a_missing_one(other_partner, partner, records):
    out_of_scope = api_client_for(other_partner).get(reverse("api:shared-note-detail", kwargs=records["council_share"]))
    missing = api_client_for(partner).get(reverse("api:shared-note-detail", kwargs={"pk": 999_999}))
    revoked = api_client_for(partner).get(reverse("api:shared-note-detail", kwargs=records["revoked_council_share"]))
    assert out_of_scope.status_code == missing.status_code == revoked.status_code == 404
    assert out_of_scope.content == missing.content == revoked.content
    assert api_client_for(other_partner).get(reverse("api:shared-note-list")).json()["count"] == 0
