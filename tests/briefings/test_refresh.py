"""A change a lower app announces refreshes today's briefing of that neighbourhood only."""

from django.utils import timezone

from audit.models import AuditEvent
from briefings.models import Briefing
from pcso.signals import announce_briefing_change
from tests.factories import BriefingFactory


def test_announced_change_rebuilds_todays_briefing_after_commit(north, south, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    stale = BriefingFactory(neighbourhood=north, date=today, sections={"missing_persons": ["stale"]})
    other = BriefingFactory(neighbourhood=south, date=today, sections={"missing_persons": ["untouched"]})
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        announce_briefing_change(neighbourhood_id=north.pk)
        assert Briefing.objects.get(pk=stale.pk).sections["missing_persons"] == ["stale"]  # not before commit
    assert len(callbacks) == 1
    assert Briefing.objects.get(pk=stale.pk).sections["missing_persons"] == []
    assert Briefing.objects.get(pk=other.pk).sections["missing_persons"] == ["untouched"]
    assert AuditEvent.objects.filter(action="briefing.generate", object_id=str(stale.pk)).exists()


def test_no_briefing_yet_is_left_to_the_schedule(north, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        announce_briefing_change(neighbourhood_id=north.pk)
    assert not Briefing.objects.exists()


def test_no_neighbourhood_announces_nothing(django_capture_on_commit_callbacks, db):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        announce_briefing_change(neighbourhood_id=None)
    assert callbacks == []
