"""The starting ASB reference lists: review intervals per risk level and the ASB 2014 tools
of DOMAIN §4. Both are [data]: administrators edit them in the admin; this only seeds them."""

from django.db import migrations

# risk level -> days until the next review
REVIEW_INTERVALS = [("high", 7), ("medium", 14), ("standard", 28)]

# (code, name, longest it may last in days or None)
TOOLS = [
    ("community-protection-warning", "Community protection warning", None),
    ("community-protection-notice", "Community protection notice", None),
    ("pspo-fixed-penalty", "PSPO breach fixed penalty (s.68)", None),
    ("dispersal-direction", "Dispersal direction", 2),
    ("closure-notice", "Closure notice", 2),
    ("closure-order", "Closure order", 183),
    ("civil-injunction", "Civil injunction", None),
    ("criminal-behaviour-order", "Criminal behaviour order", None),
    ("acceptable-behaviour-contract", "Acceptable behaviour contract", None),
    ("community-remedy", "Community remedy", None),
]


def load(apps, schema_editor):
    AsbReviewInterval = apps.get_model("incidents", "AsbReviewInterval")
    AsbTool = apps.get_model("incidents", "AsbTool")
    for level, days in REVIEW_INTERVALS:
        AsbReviewInterval.objects.update_or_create(risk_level=level, defaults={"days": days})
    for order, (code, name, max_days) in enumerate(TOOLS):
        AsbTool.objects.update_or_create(
            code=code, defaults={"name": name, "max_days": max_days, "sort_order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("incidents", "0005_asb_cases")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
