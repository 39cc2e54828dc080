"""Settings, schedule and deployment checks, and the app dependency order.

Settings are read once per process, so anything that depends on the environment
runs in a subprocess with exactly the variables it needs.
"""

import importlib
import os
import re
import secrets
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
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
# The app layers are import-linter contracts in pyproject.toml ([tool.importlinter]), which
# `make lint` and so CI run too; these tests keep them in the suite and prove they bite.

IMPORT_LINTER = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
CONTRACT_NAMES = {contract["id"]: contract["name"] for contract in IMPORT_LINTER["contracts"]}


def lint_imports(project: Path, *args: str) -> subprocess.CompletedProcess:
    """import-linter run on the packages in `project` (it puts its working folder first on the path)."""
    command = [str(Path(sys.executable).with_name("lint-imports")), "--no-cache", "--no-logo", *args]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=120, check=False)


def test_every_import_respects_the_app_layers():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "added", "contract"),
    [
        # A lower app imports a higher one.
        ("community/selectors.py", "import briefings.models", "layers"),
        # An app imports a sibling on its own layer, from inside a function.
        ("intelligence/selectors.py", "def sibling():\n    from enquiries import models", "layers"),
        # The pcso base layer imports an app other than accounts.
        ("pcso/pages.py", "from incidents import models", "pcso-base"),
        # The audit recording API, which every layer imports, imports an app.
        ("audit/services.py", "from accounts import roles", "audit-core"),
    ],
)
def test_the_import_contracts_catch_a_broken_layer(tmp_path, module, added, contract):
    for package in IMPORT_LINTER["root_packages"]:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with (tmp_path / module).open("a") as source:
        source.write(f"\n\n{added}\n")

    result = lint_imports(tmp_path, "--contract", contract)

    assert result.returncode != 0 and f"{CONTRACT_NAMES[contract]} BROKEN" in result.stdout, result.stdout
