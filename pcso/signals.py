"""Signals the thin framework layer offers every app."""

from django.dispatch import Signal

# A lower app's service sends this when something a briefing shows has changed in a
# neighbourhood (a missing person reported or traced, a priority adopted, a revisit
# booked). `briefings` listens and, once the transaction commits, refreshes that
# neighbourhood's briefing for today, so a briefing never shows a traced person as
# missing until tomorrow and the lower app never imports the higher one.
# Keyword argument: neighbourhood_id.
briefing_content_changed = Signal()


def announce_briefing_change(*, neighbourhood_id: int | None) -> None:
    """Tell the briefings app that today's briefing of this neighbourhood is out of date."""
    if neighbourhood_id is not None:
        briefing_content_changed.send(sender=None, neighbourhood_id=neighbourhood_id)
