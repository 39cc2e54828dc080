from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from audit.services import audit_consultation
from enquiries.choices import PremisesStatus
from enquiries.models import Enquiry, Premises, Visit

# --- House-to-house enquiries (docs/enquiries.md) -------------------------------------------

ENQUIRY_ROLES = ("pcso", "constable", "supervisor", "staff")


def enquiry_list(*, actor):
    """The enquiries `actor` may see, with their progress counts (one query): open ones first."""
    return (
        Enquiry.objects.visible_to(actor)
        .select_related("incident", "neighbourhood", "coordinator", "created_by")
        .annotate(
            premises_total=Count("premises", distinct=True),
            premises_completed=Count("premises", filter=Q(premises__status=PremisesStatus.COMPLETED), distinct=True),
            # A closed enquiry's call-backs lapse: nobody is due to make them.
            revisits_due=Count(
                "premises", filter=Q(premises__status=PremisesStatus.REVISIT, status="open"), distinct=True
            ),
        )
        .order_by("status", "-created_at", "-id")
    )


def enquiry_officers():
    """Who may be named as visiting, calling back or coordinating: the roles that work enquiries."""
    from accounts.models import User

    return User.objects.filter(is_active=True, role__in=ENQUIRY_ROLES).order_by("username")


def enquiry_get(*, actor, pk, action: str = "enquiry.view", details: dict | None = None):
    """The enquiry if `actor` may see it (404 otherwise); looking at it is a consultation."""
    enquiry = get_object_or_404(enquiry_list(actor=actor), pk=pk)
    audit_consultation(actor=actor, action=action, obj=enquiry, details=details)
    return enquiry


def enquiry_premises(*, actor, enquiry):
    """The premises list with what a row shows, in the order it was given."""
    return (
        Premises.objects.visible_to(actor)
        .filter(enquiry=enquiry)
        .select_related("revisit_officer")
        .order_by("id")  # as listed or imported: a CSV is usually in walking order
    )


def premises_get(*, actor, enquiry, pk):
    return get_object_or_404(enquiry_premises(actor=actor, enquiry=enquiry).select_related("enquiry"), pk=pk)


def enquiry_visits(*, actor, enquiry):
    """Every visit of the enquiry, newest first."""
    return (
        Visit.objects.visible_to(actor)
        .filter(premises__enquiry=enquiry)
        .select_related("premises", "outcome", "visited_by", "revisit_officer", "recorded_by")
        .order_by("-visited_at", "-id")
    )


def enquiry_revisits(*, actor, enquiry):
    """Premises waiting for a call-back, soonest due first."""
    return (
        enquiry_premises(actor=actor, enquiry=enquiry)
        .filter(status=PremisesStatus.REVISIT)
        .order_by("revisit_due_at", "id")
    )


def enquiry_follow_ups(*, actor, enquiry):
    """Visits whose answers need following up (e.g. CCTV to collect), not yet done, oldest first."""
    return (
        enquiry_visits(actor=actor, enquiry=enquiry)
        .exclude(follow_up="")
        .filter(follow_up_done_at__isnull=True)
        .order_by("visited_at", "id")
    )


def enquiry_progress(enquiry) -> dict:
    """Completed of total (from the list's annotations), as the progress bar shows it."""
    total, done = enquiry.premises_total, enquiry.premises_completed
    return {
        "total": total,
        "completed": done,
        "revisits_due": enquiry.revisits_due,
        "percent": round(100 * done / total) if total else 0,
    }


def enquiries_for_briefing(*, neighbourhood, limit: int = 100) -> tuple[list, list]:
    """Open enquiries' outstanding revisits and follow-ups in the neighbourhood, soonest first."""
    revisits = list(
        Premises.objects.filter(
            enquiry__neighbourhood=neighbourhood, enquiry__status="open", status=PremisesStatus.REVISIT
        )
        .select_related("enquiry", "revisit_officer")
        .order_by("revisit_due_at", "id")[:limit]
    )
    follow_ups = list(
        Visit.objects.filter(premises__enquiry__neighbourhood=neighbourhood, premises__enquiry__status="open")
        .exclude(follow_up="")
        .filter(follow_up_done_at__isnull=True)
        .select_related("premises__enquiry", "visited_by")
        .order_by("visited_at", "id")[:limit]
    )
    return revisits, follow_ups
