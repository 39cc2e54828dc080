"""The starting missing-person reference lists (DOMAIN §5, all [data]): the wording of the four
risk levels and their supervisor review intervals, the 25-question risk questionnaire and the
high-risk checklist. Administrators edit them in the admin; this only seeds them."""

from django.db import migrations

# level -> (wording, guidance, minutes until the next supervisor review, what a briefing reader does on sight)
RISK_LEVELS = [
    ("high", "High", "Risk of serious harm is very likely: immediate deployment, senior officer in charge.", 60,
     "Stay with them and call it in at once on the radio, quoting the reference. Ask for an officer to attend."),
    ("medium", "Medium", "Risk of harm is likely: active and measured response.", 240,
     "Speak to them, check they are safe and well, keep them with you and call it in quoting the reference."),
    ("low", "Low", "Risk of harm is possible but minimal: proportionate enquiries.", 720,
     "Speak to them, check they are safe and call it in quoting the reference."),
    ("very_low", "Very low (formerly absent)", "No apparent risk of harm: keep under review.", 1440,
     "Check they are safe and call it in quoting the reference."),
]  # fmt: skip

QUESTIONS = [
    ("suicide-risk", "Is the person believed to be a risk of suicide?"),
    ("criminality", "Is there any indication that a crime has been committed?"),
    ("vulnerable-age-infirmity", "Is the person vulnerable because of age or infirmity?"),
    ("missing-medication", "Would missing medication have an adverse effect on them?"),
    ("dementia-medical-mental-health", "Do they have dementia, a medical condition or mental health needs?"),
    ("cannot-interact-safely", "Are they unable to interact safely with others or the environment?"),
    ("substance-dependency", "Do they have a drug or alcohol dependency?"),
    ("child-protection-plan", "Are they on a child protection plan?"),
    ("weather-risk", "Does the weather put them at risk?"),
    ("family-conflict-abuse", "Is there family conflict or abuse?"),
    ("domestic-abuse", "Are they a victim or perpetrator of domestic abuse?"),
    ("hate-community-issue", "Is there a hate or community issue?"),
    ("violent-hate-incident-before", "Have they been involved in a violent or hate incident before?"),
    ("school-work-financial", "Do they have school, work or financial problems?"),
    ("forced-marriage-honour", "Is there a risk of forced marriage or honour-based abuse?"),
    ("exploitation-trafficking", "Is there a risk of sexual exploitation or trafficking?"),
    ("out-of-character", "Is going missing out of character?"),
    ("known-reason", "Is there a known reason for them to go missing?"),
    ("preparations-made", "Have preparations been made (money, passport, belongings taken)?"),
    ("failed-intentions", "Have they failed to complete their intentions (not arrived where expected)?"),
    ("missing-before-harm", "Have they been missing before and come to harm?"),
    ("risk-to-others", "Do they pose a risk to others?"),
    ("other-factors", "Are there other factors that increase the risk?"),
    ("mental-health-condition", "Do they have a mental health condition?"),
    ("dementia-neurological", "Do they have dementia or a progressive neurological disorder?"),
]

# (code, name, only when the person is under 18)
CHECKLIST = [
    ("senior-officer", "Senior investigating or duty officer informed and in charge", False),
    ("search-adviser", "Police search adviser (PolSA) consulted", False),
    ("media-strategy", "Media strategy agreed", False),
    ("family-liaison", "Family liaison officer appointed", False),
    ("childrens-services", "Children's services informed", True),
]


def load(apps, schema_editor):
    Level = apps.get_model("incidents", "MissingRiskLevelSetting")
    Question = apps.get_model("incidents", "RiskQuestion")
    Item = apps.get_model("incidents", "HighRiskChecklistItem")
    for level, name, guidance, minutes, if_seen in RISK_LEVELS:
        Level.objects.update_or_create(
            level=level, defaults={"name": name, "guidance": guidance, "review_minutes": minutes, "if_seen": if_seen}
        )
    for order, (code, name) in enumerate(QUESTIONS):
        Question.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order * 10})
    for order, (code, name, children_only) in enumerate(CHECKLIST):
        Item.objects.update_or_create(
            code=code, defaults={"name": name, "sort_order": order * 10, "children_only": children_only}
        )


class Migration(migrations.Migration):
    dependencies = [("incidents", "0009_missing_person_cases")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
