"""Old 5x5x5 reports: imported with their grade, shown, never re-graded; bad rows reported."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from intelligence.models import IntelligenceLog

CSV = """reference,occurred_at,text,source,intelligence,handling,location,neighbourhood,dissemination
OLD-1,2014-03-02T21:15,Cannabis factory suspected above the shop.,B,2,4,12 Cheapside,north,officers
OLD-2,2014-03-03,Bad grade row.,F,2,4,,,
OLD-3,not a date,Bad date row.,A,1,1,,,
OLD-4,2014-03-04,Unknown area.,A,1,1,,nowhere,
"""


def run(tmp_path, user="ian", text=CSV):
    path = tmp_path / "old.csv"
    path.write_text(text)
    out, err = StringIO(), StringIO()
    call_command("import_legacy_intelligence", str(path), "--user", user, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), path


def test_old_reports_import_with_their_legacy_grade_and_bad_rows_are_reported(tmp_path, north, intelligence_officer):
    out, err, path = run(tmp_path)

    log = IntelligenceLog.objects.get()
    assert (log.legacy_reference, log.grading, log.status, log.neighbourhood) == ("OLD-1", "B/2/4", "evaluated", north)
    assert log.grading_words.startswith("Legacy 5x5x5: Mostly reliable")
    assert "Imported 1 old reports, 0 already there, 3 bad rows skipped" in out
    assert f"{path}:3: " in err and f"{path}:4: " in err and f"{path}:5: no neighbourhood nowhere" in err
    event = AuditEvent.objects.get(action="intelligence_log.import")
    assert event.category == "collection" and event.details["grading"] == "B/2/4"


def test_importing_again_changes_nothing(tmp_path, north, intelligence_officer):
    run(tmp_path)
    out, _, _ = run(tmp_path)
    assert IntelligenceLog.objects.count() == 1 and "0 old reports, 1 already there" in out


def test_only_the_intelligence_unit_imports(tmp_path, pcso):
    with pytest.raises(CommandError, match="Only the intelligence unit imports"):
        run(tmp_path, user="pat")
    assert not IntelligenceLog.objects.exists()


def test_a_file_without_the_columns_is_refused(tmp_path, intelligence_officer):
    with pytest.raises(CommandError, match="missing columns"):
        run(tmp_path, text="reference,text\nX,y\n")
