"""Which `object_type` labels an object's audit events carry, past and present.

`audit_record` stores the model's label (`obj._meta.label_lower`). When a model moves to
another app its label changes, but the events recorded before the move keep the old one:
the table is append-only, so they are never rewritten. Every reader that looks events up
by object type asks `labels_for()` and filters with `object_type__in`, so a record's trail
reads as one across the move.
"""

from django.db import models

# The models that changed app (issue 12): (app they were in, app they are in, model names).
# Add a row when a model moves; never drop one while events may still carry its old label.
MOVES = [
    ("incidents", "crimes", ["crime"]),
    ("incidents", "enquiries", ["enquiry", "premises", "visit", "visitoutcome", "questiontemplate"]),
    (
        "incidents",
        "missing_persons",
        [
            "missingpersoncase",
            "missingriskassessment",
            "missingriskanswer",
            "missingrisklevelsetting",
            "riskquestion",
            "highriskchecklistitem",
            "missingchecklisttick",
            "missingsighting",
            "missingaction",
            "herbertprotocol",
        ],
    ),
    ("incidents", "partners", ["noteshare", "notereply"]),
    ("community", "partners", ["sharingagreement"]),
]

# Each label a model had before a move -> the label it moved to.
MOVED_TO: dict[str, str] = {
    f"{old_app}.{name}": f"{new_app}.{name}" for old_app, new_app, names in MOVES for name in names
}


def current_label(label: str) -> str:
    """Today's label for a label events may carry (a model may have moved more than once)."""
    while label in MOVED_TO:
        label = MOVED_TO[label]
    return label


def labels_for(model_or_label: models.Model | type[models.Model] | str) -> list[str]:
    """Every label events about this model were recorded under, today's first.

    Takes a record, a model class or a label ("missing_persons.missingpersoncase", or an old
    one such as "incidents.missingpersoncase": both give the same list).
    """
    label = model_or_label.lower() if isinstance(model_or_label, str) else model_or_label._meta.label_lower
    current = current_label(label)
    return [current, *sorted(old for old in MOVED_TO if current_label(old) == current)]
