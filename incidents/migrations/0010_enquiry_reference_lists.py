"""The starting house-to-house reference lists of DOMAIN §9: visit outcomes and question
templates. Both are [data]: administrators edit them in the admin; this only seeds them."""

from django.db import migrations

# (code, name, completes the premises, needs a revisit, asks for the card reference)
OUTCOMES = [
    ("occupant-seen", "Occupant seen", True, False, False),
    ("no-reply-card-left", "No reply – card left", False, True, True),
    ("call-back-arranged", "Call-back arranged", False, True, False),
    ("refused", "Refused", True, False, False),
    ("empty-derelict", "Premises empty or derelict", True, False, False),
    ("not-applicable", "Not applicable", True, False, False),
]

# (code, short label, the question as asked)
QUESTIONS = [
    ("home-at-time", "Home at the time", "Were you home between the times of the incident?"),
    ("saw-or-heard", "Saw or heard anything", "Did you see or hear anything?"),
    ("cctv", "CCTV or doorbell camera", "Do you have CCTV or a doorbell camera?"),
    ("others-present", "Others at the address", "Was anyone else at this address at the time?"),
    ("vehicles", "Vehicles noticed", "Did you notice any vehicles or people you did not recognise?"),
]


def load(apps, schema_editor):
    VisitOutcome = apps.get_model("incidents", "VisitOutcome")
    QuestionTemplate = apps.get_model("incidents", "QuestionTemplate")
    for order, (code, name, completes, revisit, card) in enumerate(OUTCOMES):
        VisitOutcome.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "completes": completes,
                "needs_revisit": revisit,
                "asks_card_reference": card,
                "sort_order": order * 10,
            },
        )
    for order, (code, name, text) in enumerate(QUESTIONS):
        QuestionTemplate.objects.update_or_create(
            code=code, defaults={"name": name, "text": text, "sort_order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("incidents", "0009_enquiries")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
