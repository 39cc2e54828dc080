"""The starting notice offences of DOMAIN §4 and their amounts. [data]: administrators edit
them in the admin. The amounts are plausible editable defaults, not legal advice: set
them to the force's current figures."""

from django.db import migrations

# (code, name, notice type, amount in pounds)
OFFENCES = [
    ("disorder", "Penalty notice for disorder", "disorder", 90),
    ("truancy", "Truancy (parent of a child absent from school)", "fixed_penalty", 80),
    ("cycling-on-footway", "Cycling on a footway", "fixed_penalty", 50),
    ("graffiti-fly-posting", "Graffiti or fly-posting", "fixed_penalty", 150),
    ("litter", "Dropping litter", "fixed_penalty", 150),
    ("pspo-breach", "Breach of a public spaces protection order", "fixed_penalty", 100),
]


def load(apps, schema_editor):
    NoticeOffence = apps.get_model("incidents", "NoticeOffence")
    for order, (code, name, notice_type, amount) in enumerate(OFFENCES):
        NoticeOffence.objects.update_or_create(
            code=code, defaults={"name": name, "notice_type": notice_type, "amount": amount, "sort_order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("incidents", "0007_penalty_notices")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
