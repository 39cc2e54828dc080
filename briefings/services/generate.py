"""Building a neighbourhood's briefing for a day, and recording that someone read it."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.choices import Category
from audit.services import audit_record
from briefings.models import SECTION_KEYS, Acknowledgement, Briefing
from briefings.services.case_sections import (
    engagements_section,
    enquiries_section,
    incidents_section,
    intelligence_section,
    missing_persons_section,
    patrols_section,
    priorities_section,
)
from briefings.services.crime_sections import hotspots_section, monthly_context_section, recent_crime_section
from crimes.selectors import (
    neighbourhood_has_demo_data,
)
from intelligence.services import intelligence_logs_disclose


def briefing_period(day: date) -> tuple[datetime, datetime]:
    """The 24 hours a briefing for `day` reports: up to that day's scheduled build time."""
    end = timezone.make_aware(datetime.combine(day, time(settings.BRIEFING_HOUR, settings.BRIEFING_MINUTE)))
    return end - timedelta(hours=24), end


def build_sections(*, neighbourhood, day: date) -> dict:
    since, until = briefing_period(day)
    sections: dict = {key: [] for key in SECTION_KEYS}
    sections["recent_crime"] = recent_crime_section(neighbourhood=neighbourhood, since=since, until=until)
    sections["monthly_context"] = monthly_context_section(neighbourhood=neighbourhood, day=day)
    sections["hotspots"] = hotspots_section(neighbourhood=neighbourhood, until=until)
    sections["incidents"] = incidents_section(neighbourhood=neighbourhood)
    sections["patrols"] = patrols_section(neighbourhood=neighbourhood, day=day)
    sections["missing_persons"] = missing_persons_section(neighbourhood=neighbourhood)
    sections["priorities"] = priorities_section(neighbourhood=neighbourhood)
    sections["engagements"] = engagements_section(neighbourhood=neighbourhood, day=day)
    sections["intelligence"] = intelligence_section(neighbourhood=neighbourhood, day=day, until=until)
    sections["enquiries"] = enquiries_section(neighbourhood=neighbourhood)
    return sections


def briefing_generate(*, actor, neighbourhood, day: date) -> Briefing:
    """Build (or rebuild) the neighbourhood's briefing for `day`. Never makes two."""
    since, until = briefing_period(day)
    values = {
        "generated_at": timezone.now(),
        "period_start": since,
        "period_end": until,
        "sections": build_sections(neighbourhood=neighbourhood, day=day),
        "contains_demo_data": neighbourhood_has_demo_data(neighbourhood=neighbourhood),
    }
    try:
        with transaction.atomic():
            briefing, created = Briefing.objects.update_or_create(
                neighbourhood=neighbourhood, date=day, defaults=values
            )
            audit_record(
                actor=actor,
                category=Category.COMBINATION,
                action="briefing.generate",
                obj=briefing,
                details={"created": created, "recent_crime_total": values["sections"]["recent_crime"]["total"]},
            )
            # Putting intelligence before the briefing's readers is a disclosure (DPA s.62).
            intelligence_logs_disclose(
                actor=actor,
                log_ids=[row["id"] for row in values["sections"]["intelligence"]],
                recipient=f"Briefing {neighbourhood.code} {day.isoformat()} (readers by role)",
            )
    except IntegrityError:
        # Another worker created it between our read and write; its copy stands.
        briefing = Briefing.objects.get(neighbourhood=neighbourhood, date=day)
    return briefing


@transaction.atomic
def briefing_acknowledge(*, actor, briefing: Briefing) -> Acknowledgement:
    """Record that `actor` has read the briefing. Pressing twice keeps the first time."""
    acknowledgement, created = Acknowledgement.objects.get_or_create(
        briefing=briefing, user=actor, defaults={"acknowledged_at": timezone.now()}
    )
    if created:
        audit_record(actor=actor, category=Category.COLLECTION, action="briefing.acknowledge", obj=briefing)
    return acknowledgement
