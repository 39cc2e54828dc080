import pytest
from django.core.management import CommandError, call_command

from accounts.choices import Role
from accounts.models import User
from audit.models import AuditEvent
from briefings.models import Briefing
from community.models.neighbourhoods import Neighbourhood
from crimes.models import Crime


def state():
    return {
        "crimes": sorted(Crime.objects.values_list("row_key", "outcome", "occurred_at", "neighbourhood_id")),
        "neighbourhoods": sorted(Neighbourhood.objects.values_list("code", "name")),
        "users": sorted(User.objects.values_list("username", "role", "password")),
        "briefings": sorted(Briefing.objects.values_list("neighbourhood_id", "date", "generated_at")),
        "changes": AuditEvent.objects.exclude(action__startswith="crime.").exclude(category="consultation").count(),
    }


@pytest.mark.django_db
def test_seed_demo_loads_a_working_demo_and_a_second_run_changes_nothing(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    first = state()
    output = capsys.readouterr().out
    call_command("seed_demo")
    assert state() == first
    assert {u.role for u in User.objects.all()} == set(Role.values)
    assert Briefing.objects.count() == Neighbourhood.objects.count() > 0
    assert Crime.objects.filter(is_demo=True).exists()
    assert all(b.contains_demo_data for b in Briefing.objects.filter(neighbourhood__crimes__is_demo=True).distinct())
    assert "pcso" in output and "password" in output


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_in_production_mode(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        call_command("seed_demo")
    assert not User.objects.exists()
