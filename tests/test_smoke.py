from django.urls import reverse

from tests.conftest import client_for


def test_pcso_home_page_renders(pcso):
    response = client_for(pcso).get(reverse("home"))
    assert response.status_code == 200


def test_anonymous_is_sent_to_login(db):
    response = client_for(None).get(reverse("home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
