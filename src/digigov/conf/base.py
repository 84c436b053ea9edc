"""Settings shared by every environment. Values that differ per deployment come from the environment."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from digigov.conf.env import env_int, env_list, env_str
from digigov.identity.keys import oidc_private_key

SRC_DIR = Path(__file__).resolve().parents[2]
BASE_DIR = SRC_DIR.parent
VAR_DIR = Path(env_str("DIGIGOV_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,.localhost")  # the demo sites: www.hubei.localhost …
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "digigov.core",
    "digigov.demo",
    "digigov.identity",
    "digigov.signing",
    "digigov.catalog",
    "digigov.exchange",
    "digigov.websites",
    "digigov.workflow",
    "digigov.forms",
    "digigov.opendata",
    "digigov.knowledge",
    "digigov.licenses",
    "digigov.eservices",
    "digigov.hotline",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "oauth2_provider",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "django_tasks_rq",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "digigov.core.middleware.SecurityHeadersMiddleware",
    "digigov.core.middleware.RequestSizeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "digigov.websites.middleware.StaticPagesMiddleware",  # published pages from their files (websites.static_publish)
    "digigov.core.middleware.SessionlessPathsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "digigov.core.middleware.RequestContextMiddleware",
    "digigov.identity.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "digigov.identity.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# Paths that serve systems, not people: no session is read there and no cookie is set (core.middleware).
DIGIGOV_SESSIONLESS_PATHS = ["/api/v1/exchange/gateway/", "/api/v1/eservices/payments/notify"]

ROOT_URLCONF = "digigov.urls"
CSRF_FAILURE_VIEW = "digigov.core.views.csrf_failure"
WSGI_APPLICATION = "digigov.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def database_from_url(url: str) -> dict:
    """SQLite runs in WAL mode with IMMEDIATE transactions so concurrent writers queue instead of failing.

    Connections persist (DATABASE_CONN_MAX_AGE seconds) on SQLite too: opening one per request and closing it made
    the last closer of a WAL database checkpoint it (bench/gateway.py: 212 calls/s per-request, 362 persistent).
    runserver still closes its per-request threads' connections itself.
    """
    sqlite = url.startswith("sqlite")
    config = dj_database_url.parse(
        url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=not sqlite
    )
    if sqlite:
        if config["NAME"] not in ("", ":memory:"):
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    return config


DATABASES = {"default": database_from_url(env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'digigov.sqlite3'}"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background tasks (core/README.md, "Background work and timers"): tests run them at once, in the caller; `make run`
# queues them in the database for `manage.py run_worker` (conf.dev); production on Redis (conf.prod).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The queue may live in its own Redis database (e.g. redis://…/1), so that flushing the cache never empties it.
TASKS_REDIS_URL = env_str("TASKS_REDIS_URL", REDIS_URL)
RQ_QUEUES = {"default": {"URL": TASKS_REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 3600}}


def queued_tasks(redis_url: str) -> dict:
    """The queue beside a server: RQ on Redis when TASKS_REDIS_URL (by default REDIS_URL) is set, else the database
    (django-tasks-db)."""
    if redis_url:
        return {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    return {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "digigov.identity.passwords.CharacterClassValidator"},
]
AUTHENTICATION_BACKENDS = ["digigov.identity.backends.LockoutModelBackend"]
LOGIN_URL = "/accounts/login/"  # single sign-on for citizens and staff; the back office has its own
LOGIN_REDIRECT_URL = "/admin/"
# The back office's sign-in page says when a locked account may try again (R0.2).
WAGTAILADMIN_USER_LOGIN_FORM = "digigov.identity.forms.AdminLoginForm"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "digigov" / "locale", SRC_DIR / "digigov" / "locale_wagtail"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
# The time zones a clerk may pick on the account page (named in Chinese there, identity.forms.TIME_ZONE_NAMES):
# Beijing time, China's other regions, and the places staff travel to; not the 600 names of the IANA database.
WAGTAIL_USER_TIME_ZONES = [
    "Asia/Shanghai",
    "Asia/Urumqi",
    "Asia/Hong_Kong",
    "Asia/Macau",
    "Asia/Taipei",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Asia/Singapore",
    "Europe/Moscow",
    "Europe/Berlin",
    "Europe/Paris",
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "Australia/Sydney",
    "UTC",
]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it even before collectstatic
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Files only some people may see (error-report evidence): outside MEDIA_ROOT, served by /files/ after a permission
# check (core/private_files.py). Behind nginx, "/_private/" hands the sending to nginx (X-Accel-Redirect).
# Static copies of the sites' published pages, one directory per host (websites.static_publish, docs/deploy.md);
# empty: none written or served.
DIGIGOV_STATIC_SITES_ROOT = env_str("DIGIGOV_STATIC_SITES_ROOT", str(VAR_DIR / "sites"))
DIGIGOV_PRIVATE_ROOT = Path(env_str("DIGIGOV_PRIVATE_ROOT", str(VAR_DIR / "private")))
DIGIGOV_PRIVATE_FILES_ACCEL = env_str("DIGIGOV_PRIVATE_FILES_ACCEL", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "digigov.core.private_files.PrivateStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Request sizes (core.middleware.RequestSizeMiddleware, docs/deploy.md): a form with files up to
# DIGIGOV_REQUEST_MAX_MB in all (nginx's client_max_body_size says the same), any other body up to 5 MB; files over
# 2.5 MB are spooled to disk while read. Each file's own rule (exchange.attachment_max_mb, …) is checked after.
DIGIGOV_REQUEST_MAX_MB = env_int("DIGIGOV_REQUEST_MAX_MB", 30)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Addresses the platform itself answers on besides its interfaces and ALLOWED_HOSTS (a load balancer's public
# address): data-service addresses pointing there are refused like internal ones (core.http_fetch).
DIGIGOV_OWN_ADDRESSES = env_list("DIGIGOV_OWN_ADDRESSES")
# Wagtail's document library takes only these types, each checked by content (core.uploads via the form).
# The end of a publishing workflow publishes only what passed the confidentiality review (websites/review.py, R8.7).
WAGTAIL_FINISH_WORKFLOW_ACTION = "digigov.websites.workflow_finish.publish_after_review"
WAGTAILDOCS_EXTENSIONS = ["pdf", "ofd", "docx", "xlsx", "csv", "zip", "png", "jpg", "jpeg"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "digigov.core.document_forms.CheckedDocumentForm"

WAGTAIL_SITE_NAME = env_str("DIGIGOV_SITE_NAME", "数字政府一体化平台")
WAGTAILADMIN_BASE_URL = env_str("DIGIGOV_BASE_URL", "http://127.0.0.1:8000")
# No page needs the internet (issue 8): Wagtail's dashboard would fetch releases.wagtail.org and link its guide.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# What a page may load and run (issue 9, item 10; core.middleware.SecurityHeadersMiddleware): only this server, no
# inline script or `on…=` handler. Styles may be inline: Wagtail's admin and Swagger UI set style attributes, which
# cannot run code. Forms may post anywhere (no form-action): after sign-in, OIDC redirects to a client's own host.
DIGIGOV_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
}
# Browser features no page of the platform uses, refused to every page and frame.
DIGIGOV_PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "browsing-topics",
    )
}

SESSION_COOKIE_HTTPONLY = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "PKCE_REQUIRED": True,
    # S256 only (RFC 9700 §2.1.1), on every installation: discovery lists only S256, and a "plain" challenge is
    # refused (identity.oidc.DigigovOIDCValidator.is_pkce_required; the toolkit refuses it again at code creation).
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "SCOPES": {
        "openid": _("Who you are: an identifier of your account"),
        "profile": _("Your name and kind of account (citizen, legal person or staff)"),
        "email": _("Your e-mail address"),
    },
    "OAUTH2_VALIDATOR_CLASS": "digigov.identity.oidc.DigigovOIDCValidator",
    # RS256 signing key: OIDC_RSA_PRIVATE_KEY (PEM), required in production (conf.prod); on a laptop or in tests
    # made once into VAR_DIR/oidc.key.
    "OIDC_RSA_PRIVATE_KEY": (
        oidc_private_key(env_str("OIDC_RSA_PRIVATE_KEY", ""), VAR_DIR / "oidc.key")
        if env_str("DIGIGOV_ENV", "dev") != "prod"
        else ""
    ),
}

# Who reads /api/v1/docs and /api/v1/openapi.json (core.api_docs): "public" on a laptop and in the test suite,
# where integrators and the schema fuzzing read them without an account; conf.prod makes it "staff".
DIGIGOV_API_DOCS_ACCESS = env_str("DIGIGOV_API_DOCS_ACCESS", "public")

# Key-encryption key for SM2 private keys at rest (R0.5); derive from SECRET_KEY unless given.
DIGIGOV_KEY_ENCRYPTION_KEY = env_str("DIGIGOV_KEY_ENCRYPTION_KEY", "")
# Secret that systems' API keys are hashed with (HMAC-SM3, identity.keys.api_key_secret); derived from SECRET_KEY
# unless given, required in production.
DIGIGOV_API_KEY_SECRET = env_str("DIGIGOV_API_KEY_SECRET", "")
# Online fees (eservices.paygate, R4.7): the payment provider used, and the key its notices are signed with (HMAC-
# SHA256; derived from SECRET_KEY unless given). "simulator" is the demo's only provider: no money moves.
DIGIGOV_PAYMENT_PROVIDER = env_str("DIGIGOV_PAYMENT_PROVIDER", "simulator")
DIGIGOV_PAYMENT_NOTICE_KEY = env_str("DIGIGOV_PAYMENT_NOTICE_KEY", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# How many service cases `load_demo` makes (demo/cases.py; `--cases` overrides it).
DIGIGOV_DEMO_LICENCES = 100_000
DIGIGOV_DEMO_CASES = 1000
DIGIGOV_DEMO_HOTLINE_TICKETS = 10_000  # the 12345 demo's year of tickets (`load_demo --hotline-tickets`)
