"""Incident categories and ASB sub-types are editable data shipped by a data migration."""

from django.urls import reverse

from incidents.models.incidents import AsbSubtype, IncidentCategory
from tests.conftest import client_for
from tests.factories import ensure_reference_lists


def test_the_lists_ship_with_the_asb_sub_types_of_domain_section_4(db):
    ensure_reference_lists()
    assert AsbSubtype.objects.count() == 13
    assert set(IncidentCategory.objects.filter(is_asb=True).values_list("code", flat=True)) == {"asb"}
    assert IncidentCategory.objects.filter(code="road-traffic-collision", group="transport").exists()


def test_administrators_edit_the_lists_in_the_admin_and_others_cannot(administrator, pcso):
    url = reverse("admin:incidents_incidentcategory_changelist")
    assert client_for(administrator).get(url).status_code == 200
    assert client_for(pcso).get(url).status_code == 302


def test_a_retired_category_is_not_offered_for_new_incidents(pcso):
    ensure_reference_lists()
    IncidentCategory.objects.filter(code="licensing").update(is_active=False)
    form = client_for(pcso).get(reverse("incidents:incident-create")).context["form"]
    assert "licensing" not in set(form.fields["opening_category"].queryset.values_list("code", flat=True))
