"""Settings, schedule and deployment checks, and the app dependency order.

Settings are read once per process, so anything that depends on the environment
runs in a subprocess with exactly the variables it needs.
"""

import ast
import importlib
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from celery.schedules import crontab
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent

# Every variable a deployment might have set; subprocesses start without them.
DEPLOYMENT_VARIABLES = {"DATABASE_URL", "CELERY_BROKER_URL", "TIME_ZONE", "DJANGO_SETTINGS_MODULE"} | {
    name for name in os.environ if name.startswith(("DJANGO_", "PCSO_"))
}


def run_django(code: str = "", *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `python -c code` (or manage.py with args) in a clean environment plus `env`."""
    clean = {name: value for name, value in os.environ.items() if name not in DEPLOYMENT_VARIABLES}
    clean |= {"DJANGO_SETTINGS_MODULE": "pcso.settings", **(env or {})}
    command = [sys.executable, "manage.py", *args] if args else [sys.executable, "-c", code]
    return subprocess.run(command, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120, check=False)


def print_settings(*names: str, env: dict[str, str] | None = None) -> list[str]:
    code = "from django.conf import settings\n" + "".join(f"print(settings.{name})\n" for name in names)
    result = run_django(code, env={"DJANGO_SECRET_KEY": "x" * 50, **(env or {})})
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def production_env() -> dict[str, str]:
    return {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "example.org",
    }


# --- Celery schedule and eager default ------------------------------------------------


def test_beat_schedule_runs_daily_briefings_at_the_configured_time():
    entry = settings.CELERY_BEAT_SCHEDULE["daily-area-briefings"]
    assert entry["task"] == "briefings.tasks.generate_daily_briefings"
    assert entry["schedule"] == crontab(hour=settings.BRIEFING_HOUR, minute=settings.BRIEFING_MINUTE)


def test_beat_schedule_defaults_to_half_past_five():
    hour, minute = print_settings("BRIEFING_HOUR", "BRIEFING_MINUTE")
    assert (hour, minute) == ("5", "30")


def test_briefing_time_is_configurable():
    schedule = print_settings(
        "CELERY_BEAT_SCHEDULE['daily-area-briefings']['schedule']", env={"PCSO_BRIEFING_TIME": "06:15"}
    )
    assert schedule == [str(crontab(hour=6, minute=15))]


def test_beat_schedule_checks_missing_person_review_timers_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["missing-person-review-timers"]
    assert entry["task"] == "missing_persons.tasks.flag_overdue_missing_person_reviews"
    assert entry["schedule"] == crontab(minute="*")


def test_every_scheduled_task_exists_and_is_registered_with_celery():
    from pcso.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        module_name, _, function_name = entry["task"].rpartition(".")
        assert hasattr(importlib.import_module(module_name), function_name), entry["task"]
        assert entry["task"] in app.tasks, entry["task"]


def test_without_a_broker_tasks_run_in_process():
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from pcso.celery import app\n"
        "print(settings.CELERY_TASK_ALWAYS_EAGER, app.conf.task_always_eager)\n"
    )
    result = run_django(code, env={"DJANGO_SECRET_KEY": "x" * 50})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]


def test_with_a_broker_tasks_are_queued():
    eager, broker = print_settings(
        "CELERY_TASK_ALWAYS_EAGER", "CELERY_BROKER_URL", env={"CELERY_BROKER_URL": "redis://127.0.0.1:6379/9"}
    )
    assert (eager, broker) == ("False", "redis://127.0.0.1:6379/9")


def test_tasks_are_reliable_by_default():
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert settings.CELERY_TASK_TIME_LIMIT > settings.CELERY_TASK_SOFT_TIME_LIMIT


# --- Deployment ------------------------------------------------------------------------


def test_check_deploy_is_clean_with_production_settings():
    result = run_django("", "check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_harden_https():
    values = print_settings(
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "DEBUG",
        env=production_env(),
    )
    assert values == ["True", "True", "True", "31536000", "False"]


def test_debug_off_without_a_secret_key_refuses_to_start_and_says_why():
    result = run_django("", "check", env={"DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required when DJANGO_DEBUG=0" in result.stderr


def test_a_command_in_an_empty_environment_names_the_setting_it_needs():
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/")}
    command = [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required when DJANGO_DEBUG=0" in result.stderr
    assert "set DJANGO_DEBUG=1" in result.stderr and "Models aren't loaded" not in result.stderr


def test_debug_is_off_unless_asked_for():
    assert print_settings("DEBUG") == ["False"]


def test_sqlite_in_the_project_folder_when_database_url_is_unset():
    engine, name = print_settings("DATABASES['default']['ENGINE']", "DATABASES['default']['NAME']")
    assert engine == "django.db.backends.sqlite3"
    assert Path(name) == ROOT / "db.sqlite3"


def test_database_url_selects_postgresql():
    engine, name, host = print_settings(
        "DATABASES['default']['ENGINE']",
        "DATABASES['default']['NAME']",
        "DATABASES['default']['HOST']",
        env={"DATABASE_URL": "postgres://pcso@db.internal:5432/pcso_live"},
    )
    assert (engine, name, host) == ("django.db.backends.postgresql", "pcso_live", "db.internal")


def environment_variables_read_by_settings() -> set[str]:
    source = (ROOT / "pcso" / "settings.py").read_text()
    pattern = r"""(?:env_bool|env_int|env_list|os\.environ\.get|os\.getenv)\(\s*["']([A-Z][A-Z0-9_]+)["']"""
    # dj_database_url.config() reads DATABASE_URL without naming it.
    return set(re.findall(pattern, source)) | {"DATABASE_URL"}


def test_env_example_documents_every_setting():
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    missing = environment_variables_read_by_settings() - documented
    assert not missing, f".env.example does not mention {sorted(missing)}"


# --- Dependency order between apps -----------------------------------------------------

# ARCHITECTURE.md: apps depend downward only. `intelligence` sits between incidents and
# briefings when it exists.
LAYERS = ["accounts", "audit", "community", "incidents", "intelligence", "briefings"]
# The one way up: every change in every layer writes its audit row in the same
# transaction (ARCHITECTURE §3.3), accounts' user changes and pcso's denied-access
# logging included. So audit's recording API may be imported from anywhere, and to
# keep that free of cycles the modules behind it import no app (checked below).
AUDIT_RECORDING_API = ("audit.services", "audit.choices")
AUDIT_CORE = ["audit/services.py", "audit/choices.py", "audit/models.py", "pcso/context.py"]
# pcso/ is the base layer: everything may import it, and it may import only accounts
# (roles) and the audit recording API, except the top-level wiring, which may import
# anything.
PCSO_WIRING = {"pcso/urls.py", "pcso/api_urls.py", "pcso/views.py"}
PCSO_MAY_IMPORT = {"pcso", "accounts"}


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, dotted target) for every import in the file, deferred ones included.

    `from x.y import z` gives "x.y.z"; relative imports are resolved against the file.
    """
    module_parts = list(path.relative_to(ROOT).with_suffix("").parts)
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = module_parts[: len(module_parts) - node.level] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def is_audit_recording(target: str) -> bool:
    return any(target == api or target.startswith(api + ".") for api in AUDIT_RECORDING_API)


def python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def test_apps_only_import_downward():
    violations = []
    for rank, app in enumerate(LAYERS):
        higher = set(LAYERS[rank + 1 :])
        for path in python_files(app):
            for line, target in imports(path):
                if target.split(".")[0] in higher and not is_audit_recording(target):
                    violations.append(f"{path.relative_to(ROOT)}:{line} {app} imports {target}")
    assert not violations, "A lower app imports a higher one:\n" + "\n".join(violations)


def test_pcso_base_layer_imports_only_accounts_and_audit_recording_outside_the_url_wiring():
    violations = []
    for path in python_files("pcso"):
        relative = path.relative_to(ROOT).as_posix()
        if relative in PCSO_WIRING:
            continue
        for line, target in imports(path):
            package = target.split(".")[0]
            if package in LAYERS and package not in PCSO_MAY_IMPORT and not is_audit_recording(target):
                violations.append(f"{relative}:{line} imports {target}")
    assert not violations, "pcso/ is the base layer:\n" + "\n".join(violations)


def test_audit_recording_core_imports_no_app():
    """What every layer may import must not import any layer back."""
    violations = [
        f"{name}:{line} imports {target}"
        for name in AUDIT_CORE
        for line, target in imports(ROOT / name)
        if target.split(".")[0] in LAYERS and not target.startswith("audit.")
    ]
    assert not violations, "\n".join(violations)


def test_the_import_checker_sees_relative_and_deferred_imports(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    module = tmp_path / "audit" / "api" / "views.py"
    module.parent.mkdir(parents=True)
    module.write_text("from ..models import X\nfrom . import serializers\n\ndef f():\n    import briefings.models\n")
    assert imports(module) == [(1, "audit.models.X"), (2, "audit.api.serializers"), (5, "briefings.models")]
