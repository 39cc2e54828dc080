"""One settings module, driven by the environment (see README "Settings").

No DATABASE_URL means SQLite in the project folder; no CELERY_BROKER_URL means
Celery tasks run in-process. Production sets DJANGO_DEBUG=0 and the variables
below; `manage.py check --deploy` is then clean.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def local_secret_key() -> str:
    """A key generated once per checkout, for local runs only (never with DEBUG=0)."""
    key_file = BASE_DIR / ".secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG=0.")
    SECRET_KEY = local_secret_key()

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

# HTTPS hardening is on whenever DEBUG is off; DJANGO_HTTPS=0 turns it off for a
# plain-HTTP deployment behind nothing (tests, a laptop demo).
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "accounts",
    "audit",
    "community",
    "crimes",
    "incidents",
    "partners",
    "missing_persons",
    "enquiries",
    "intelligence",
    "briefings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pcso.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pcso.middleware.IdleSessionMiddleware",
    "pcso.middleware.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pcso.urls"
WSGI_APPLICATION = "pcso.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pcso.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once (dev server + worker + tests).
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Idle timeout: the session expires this long after the last request.
SESSION_IDLE_MINUTES = env_int("PCSO_SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Renewed by every request a person makes, but not by background refreshes
# (pcso.middleware.IdleSessionMiddleware), so an unattended phone signs out.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Failed-login lockout (django-axes), by username so that an unknown username and
# a wrong password behave identically.
AXES_FAILURE_LIMIT = env_int("PCSO_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("PCSO_LOCKOUT_MINUTES", 10))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
# Locked for the cool-off from the last counted failure, not restarted by every
# attempt made while locked.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Lockout is per account, not per address: a police station's officers share one
# NAT address, and locking the address would lock the whole station out.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names (long cache lifetimes) need `collectstatic` first; the
    # test suite and a first local run serve the source files as they are.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("DJANGO_STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Serve straight from the source folders when collectstatic has not run (tests,
# a first `make run`), and fall back to unhashed names instead of failing.
WHITENOISE_USE_FINDERS = True
WHITENOISE_MANIFEST_STRICT = False
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "media/"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first so that an anonymous caller gets 401 with WWW-Authenticate: Token.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Default deny: internal staff only. An endpoint opens to partners in code.
    "DEFAULT_PERMISSION_CLASSES": ["pcso.permissions.IsInternalUser"],
    "DEFAULT_PAGINATION_CLASS": "pcso.api.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "pcso.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"token": "20/min"},
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Neighbourhood policing case management API",
    "DESCRIPTION": "See README and docs/api.md. Lists are paginated with limit/offset; "
    "out-of-scope and missing records both answer 404.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["pcso.permissions.IsInternalUser"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a `status`; name each choice set in the schema.
    "ENUM_NAME_OVERRIDES": {
        "IncidentStatusEnum": "incidents.choices.IncidentStatus",
        "AsbCaseStatusEnum": "incidents.choices.AsbCaseStatus",
        "NoticeStatusEnum": "incidents.choices.NoticeStatus",
        "PatrolStatusEnum": "community.choices.PatrolStatus",
        "MissingCaseStatusEnum": "missing_persons.choices.MissingCaseStatus",
        "MissingActionStatusEnum": "missing_persons.choices.MissingActionStatus",
        "MissingRiskLevelEnum": "missing_persons.choices.MissingRiskLevel",
        "AsbRiskLevelEnum": "incidents.choices.RiskLevel",
        "EngagementStatusEnum": "community.choices.EngagementStatus",
        "PriorityStatusEnum": "community.choices.PriorityStatus",
        "PrioritySourceEnum": "community.choices.PrioritySource",
    },
    # Swagger UI from the vendored sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Celery: no broker configured means tasks run eagerly in the calling process.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

BRIEFING_TIME = os.environ.get("PCSO_BRIEFING_TIME", "05:30")
try:
    BRIEFING_HOUR, BRIEFING_MINUTE = (int(part) for part in BRIEFING_TIME.split(":"))
except ValueError as exc:
    raise ImproperlyConfigured("PCSO_BRIEFING_TIME must be HH:MM") from exc
CELERY_BEAT_SCHEDULE = {
    "daily-area-briefings": {
        "task": "briefings.tasks.generate_daily_briefings",
        "schedule": crontab(hour=BRIEFING_HOUR, minute=BRIEFING_MINUTE),
    },
    # Before the briefings, so their ASB cases carry today's review-threshold flags.
    "nightly-asb-review-thresholds": {
        "task": "incidents.tasks.refresh_asb_review_thresholds",
        "schedule": crontab(hour=2, minute=15),
    },
    # Missing persons (docs/missing-persons.md): overdue supervisor reviews surface within
    # a minute; the task is idempotent (one notification per overdue review).
    "missing-person-review-timers": {
        "task": "missing_persons.tasks.flag_overdue_missing_person_reviews",
        "schedule": crontab(minute="*"),
    },
}

# Briefing analysis (documented in docs/briefings.md).
BRIEFING_BASELINE_WEEKS = env_int("PCSO_BRIEFING_BASELINE_WEEKS", 4)
BRIEFING_HOTSPOT_DAYS = env_int("PCSO_BRIEFING_HOTSPOT_DAYS", 7)
BRIEFING_HOTSPOT_MIN_CRIMES = env_int("PCSO_BRIEFING_HOTSPOT_MIN_CRIMES", 3)
BRIEFING_MAP_MAX_POINTS = env_int("PCSO_BRIEFING_MAP_MAX_POINTS", 500)

# Incidents (docs/incidents.md): how far back and how near an earlier incident makes a
# repeat location or a repeat victim/caller, and how long a case note's author may correct it.
REPEAT_WINDOW_DAYS = env_int("PCSO_REPEAT_WINDOW_DAYS", 28)
REPEAT_DISTANCE_METRES = env_int("PCSO_REPEAT_DISTANCE_METRES", 50)
NOTE_EDIT_MINUTES = env_int("PCSO_NOTE_EDIT_MINUTES", 15)
# ASB case review threshold ("community trigger", docs/asb.md): this many qualifying
# complaints within this many months, each reported within a month of the incident.
ASB_REVIEW_COMPLAINTS = env_int("PCSO_ASB_REVIEW_COMPLAINTS", 3)
ASB_REVIEW_MONTHS = env_int("PCSO_ASB_REVIEW_MONTHS", 6)

# Missing persons (docs/missing-persons.md): a child's return home interview is due this
# many hours after they are traced; photos are JPEG or PNG up to this size.
MISSING_RHI_HOURS = env_int("PCSO_MISSING_RHI_HOURS", 72)
MISSING_PHOTO_MAX_BYTES = env_int("PCSO_MISSING_PHOTO_MAX_KB", 5120) * 1024
# The site's address, for links in notification emails (blank: links are relative).
SITE_URL = os.environ.get("PCSO_SITE_URL", "")

# Patrols (docs/patrols.md): the length of one hotspot visit (the Koper curve: about 15 minutes).
PATROL_VISIT_MINUTES = env_int("PCSO_PATROL_VISIT_MINUTES", 15)

# Partners (docs/partners.md): information sharing agreements whose review date is this
# many days away (or past) are listed for supervisors.
AGREEMENT_REVIEW_NOTICE_DAYS = env_int("PCSO_AGREEMENT_REVIEW_NOTICE_DAYS", 30)
# PACT priorities (docs/engagements.md): how many a neighbourhood works on at once
# (adopted, in progress or carried over count; proposed, resolved and closed do not).
PACT_MAX_ACTIVE_PRIORITIES = env_int("PCSO_PACT_MAX_ACTIVE_PRIORITIES", 3)

# Intelligence (docs/intelligence.md): reading a source record or an unsanitised original
# asks why even where the general s.62 justification is off (set 0 to follow it), and the
# briefing lists reports evaluated in the last this-many days.
INTELLIGENCE_REQUIRE_JUSTIFICATION = env_bool("PCSO_INTELLIGENCE_REQUIRE_JUSTIFICATION", True)
INTELLIGENCE_BRIEFING_DAYS = env_int("PCSO_INTELLIGENCE_BRIEFING_DAYS", 7)

# Maps: police networks often run their own tile server. Empty = no base map;
# areas and points still draw.
MAP_TILE_URL = os.environ.get("PCSO_MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("PCSO_MAP_TILE_ATTRIBUTION", "")

# DPA 2018 s.62: justification for consultation was required by the 2018 text and
# relaxed in 2025; asking for it is a setting, and it is always stored when given.
AUDIT_REQUIRE_JUSTIFICATION = env_bool("PCSO_AUDIT_REQUIRE_JUSTIFICATION", False)

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "pcso@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Content Security Policy: everything is served from this site; only map tiles
# may come from the configured tile server.
_tile_origin = ""
if MAP_TILE_URL:
    _parsed = urlparse(MAP_TILE_URL.replace("{s}", "a"))
    _tile_origin = f"{_parsed.scheme}://{_parsed.netloc}".replace("://a.", "://*.")
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        f"img-src 'self' data: {_tile_origin}".strip(),
        "style-src 'self' 'unsafe-inline'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
