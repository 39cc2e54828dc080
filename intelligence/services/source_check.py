"""The check that a report, its linked subjects and its sanitised text do not name the source."""

import re

from django.core.exceptions import ValidationError

from incidents.repeats import contact_key
from intelligence.models import SourceRecord

LEAK_MESSAGE = (
    "This text names the source or gives their contact details. Take them out: who the source is "
    "goes only in the separate source record."
)
SUBJECT_LEAK_MESSAGE = (
    "One of the linked people, places or vehicles is the source. Take it out: who the source is "
    "goes only in the separate source record."
)


def whole_word(word: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)


def names_source(text: str, name: str) -> bool:
    """The full name anywhere, in any case; or one of its words of three letters or more
    written as a name (capitalised), so "Doe said" and "DOE" match but, for a source called
    Will Rose, "he will be there" does not. Whole words only: "Ann" is not in "announced"."""
    name = " ".join(name.split())
    if not name:
        return False
    if whole_word(name).search(text):
        return True
    words = [word for word in re.findall(r"[^\W\d_]+(?:['-][^\W\d_]+)*", name) if len(word) >= 3]
    return any(found.group()[0].isupper() for word in words for found in whole_word(word).finditer(text))


def reveals_source(text: str, *, name: str, contact: str = "") -> bool:
    """Does `text` name the source (names_source) or give their phone number (by its digits,
    whatever the spacing, +44 as 0) or email?"""
    text = text or ""
    if names_source(text, name or ""):
        return True
    key = contact_key(contact)
    if not key:
        return False
    if "@" in key:
        return key in text.lower()
    numbers = re.findall(r"\+?\d[\d\s()-]{4,}\d", text or "")
    return len(key) >= 6 and any(key in contact_key(number) for number in numbers)


def check_text(text: str, *, source: dict | SourceRecord, field: str) -> None:
    name = source.name if isinstance(source, SourceRecord) else source.get("name", "")
    contact = source.contact if isinstance(source, SourceRecord) else source.get("contact", "")
    if reveals_source(text, name=name, contact=contact):
        raise ValidationError({field: LEAK_MESSAGE})
