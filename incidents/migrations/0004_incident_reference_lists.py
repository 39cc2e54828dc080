"""The starting reference lists: NSIR-style incident categories and the ASB sub-types of
DOMAIN §4. Both are [data]: administrators edit them in the admin; this only seeds them."""

from django.db import migrations

# (code, name, group, is_asb), in the order offered on the form.
CATEGORIES = [
    ("asb", "Anti-social behaviour", "asb", True),
    ("crime", "Crime (recordable offence)", "crime", False),
    ("crime-related", "Crime-related incident", "crime", False),
    ("concern-for-safety", "Concern for safety", "public_safety", False),
    ("domestic-incident", "Domestic incident", "public_safety", False),
    ("civil-dispute", "Civil dispute", "public_safety", False),
    ("suspicious-circumstances", "Suspicious circumstances", "public_safety", False),
    ("missing-person", "Missing person", "public_safety", False),
    ("collapse-illness-injury", "Collapse, illness or injury", "public_safety", False),
    ("animals", "Animals", "public_safety", False),
    ("alarm", "Alarm activation", "public_safety", False),
    ("insecure-premises", "Insecure premises", "public_safety", False),
    ("lost-found-property", "Lost or found property", "public_safety", False),
    ("licensing", "Licensing", "public_safety", False),
    ("protest-demonstration", "Protest or demonstration", "public_safety", False),
    ("highway-disruption", "Highway disruption", "transport", False),
    ("road-traffic-collision", "Road traffic collision", "transport", False),
    ("road-related-offence", "Road-related offence", "transport", False),
]

ASB_SUBTYPES = [
    ("vehicle-abandoned", "Vehicle abandoned"),
    ("vehicle-nuisance", "Vehicle nuisance"),
    ("rowdy-inconsiderate", "Rowdy or inconsiderate behaviour"),
    ("rowdy-nuisance-neighbours", "Rowdy or nuisance neighbours"),
    ("littering-drug-paraphernalia", "Littering or drug paraphernalia"),
    ("animal-problems", "Animal problems"),
    ("trespass", "Trespass"),
    ("malicious-communications", "Malicious communications"),
    ("street-drinking", "Street drinking"),
    ("prostitution-related", "Prostitution-related"),
    ("noise", "Noise"),
    ("begging-vagrancy", "Begging or vagrancy"),
    ("fireworks", "Fireworks"),
]


def load(apps, schema_editor):
    IncidentCategory = apps.get_model("incidents", "IncidentCategory")
    AsbSubtype = apps.get_model("incidents", "AsbSubtype")
    for order, (code, name, group, is_asb) in enumerate(CATEGORIES):
        IncidentCategory.objects.update_or_create(
            code=code, defaults={"name": name, "group": group, "is_asb": is_asb, "sort_order": order * 10}
        )
    for order, (code, name) in enumerate(ASB_SUBTYPES):
        AsbSubtype.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("incidents", "0003_incidents_and_case_notes")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
