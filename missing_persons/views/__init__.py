"""Missing-person case pages (docs/missing-persons.md)."""
