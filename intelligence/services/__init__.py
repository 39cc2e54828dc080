"""Writes of intelligence logs (docs/intelligence.md): every change with its audit row.

Submitting is a collection (the report, and separately its source record); sanitising,
evaluating and rejecting are alterations with old and new values; putting a report into a
briefing is a disclosure. The source's identity never goes into an audit row's details.
"""

from intelligence.services.access import require_may_submit, require_unit
from intelligence.services.evaluation import (
    intelligence_log_evaluate,
    intelligence_log_reject,
    intelligence_log_sanitise,
    intelligence_logs_disclose,
)
from intelligence.services.legacy import intelligence_log_import_legacy
from intelligence.services.source_check import reveals_source
from intelligence.services.submission import MAX_INCIDENTS, MAX_SUBJECTS, intelligence_log_submit

__all__ = [
    "MAX_INCIDENTS",
    "MAX_SUBJECTS",
    "intelligence_log_evaluate",
    "intelligence_log_import_legacy",
    "intelligence_log_reject",
    "intelligence_log_sanitise",
    "intelligence_log_submit",
    "intelligence_logs_disclose",
    "require_may_submit",
    "require_unit",
    "reveals_source",
]
