"""ASB case rules that are arithmetic, not storage: review dates and the case review threshold.

The ASB case review ("community trigger", ASB, Crime and Policing Act 2014) is met by
PCSO_ASB_REVIEW_COMPLAINTS qualifying complaints within PCSO_ASB_REVIEW_MONTHS months,
each reported within a month of the incident (DOMAIN §4; docs/asb.md).
"""

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from incidents.choices import RiskLevel
from incidents.models.asb import AsbReviewInterval

# Used only if an administrator deleted a level's row from the reference table.
FALLBACK_INTERVAL_DAYS = {RiskLevel.HIGH: 7, RiskLevel.MEDIUM: 14, RiskLevel.STANDARD: 28}


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), clipped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def review_interval_days(risk_level: str) -> int:
    row = AsbReviewInterval.objects.filter(risk_level=risk_level).values_list("days", flat=True).first()
    return row or FALLBACK_INTERVAL_DAYS[RiskLevel(risk_level)]


def next_review_date(risk_level: str, *, after: date | None = None) -> date:
    return (after or timezone.localdate()) + timedelta(days=review_interval_days(risk_level))


def is_qualifying(incident) -> bool:
    """Reported (logged) within a month of when it happened."""
    occurred = timezone.localdate(incident.occurred_at)
    return timezone.localdate(incident.created_at) <= add_months(occurred, 1)


def review_threshold(incidents, *, today: date | None = None) -> dict:
    """Where the case stands against the threshold, from its incidents (any iterable).

    Qualifying complaints count if they happened within the last N months. When met, the
    deadlines are when the oldest counted complaint leaves the window (`lapses_on`) and,
    before that, the date by which each complaint had to be reported.
    """
    today = today or timezone.localdate()
    required, months = settings.ASB_REVIEW_COMPLAINTS, settings.ASB_REVIEW_MONTHS
    window_start = add_months(today, -months)
    counted = sorted(
        (i for i in incidents if timezone.localdate(i.occurred_at) >= window_start and is_qualifying(i)),
        key=lambda i: (i.occurred_at, i.pk),
    )
    met = len(counted) >= required
    # The threshold stays met until the oldest of the `required` newest complaints is N months old.
    lapses_on = add_months(timezone.localdate(counted[-required].occurred_at), months) if met else None
    return {
        "required": required,
        "months": months,
        "count": len(counted),
        "met": met,
        "window_start": window_start,
        "lapses_on": lapses_on,
        "complaints": [
            {
                "incident": incident,
                "occurred_on": timezone.localdate(incident.occurred_at),
                "report_by": add_months(timezone.localdate(incident.occurred_at), 1),
            }
            for incident in counted
        ],
    }
