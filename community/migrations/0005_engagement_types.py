"""The starting engagement types of DOMAIN §8 [data]: administrators edit them in the admin;
this only seeds them (update_or_create, so a rerun never duplicates)."""

from django.db import migrations

TYPES = [
    ("pact-meeting", "PACT / ward panel meeting"),
    ("beat-surgery", "Beat surgery"),
    ("coffee-morning", "Coffee morning"),
    ("school-visit", "School visit"),
    ("youth-group", "Youth group"),
    ("business-visit", "Business visit"),
    ("street-meeting", "Street meeting"),
    ("online", "Online / social media"),
    ("survey", "Survey"),
    ("partner-meeting", "Partner meeting"),
]


def load(apps, schema_editor):
    EngagementType = apps.get_model("community", "EngagementType")
    for order, (code, name) in enumerate(TYPES):
        EngagementType.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("community", "0004_engagements_and_priorities")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
