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
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "digigov.core",
    "digigov.demo",
    "digigov.identity",
    "digigov.signing",
    "digigov.catalog",
    "digigov.exchange",
    "wagtail.contrib.forms",
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
    "whitenoise.middleware.WhiteNoiseMiddleware",
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

ROOT_URLCONF = "digigov.urls"
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
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it even before collectstatic
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Uploads waiting for a background job (core/background.py keep_upload): outside MEDIA_ROOT, so never served; app
# servers and workers must share the folder (docs/deploy.md).
PRIVATE_STORAGE = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": env_str("DIGIGOV_PRIVATE_DIR", str(VAR_DIR / "private"))},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": PRIVATE_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = env_str("DIGIGOV_SITE_NAME", "数字政府一体化平台")
WAGTAILADMIN_BASE_URL = env_str("DIGIGOV_BASE_URL", "http://127.0.0.1:8000")
# No page needs the internet (issue 8): Wagtail's dashboard would fetch releases.wagtail.org and link its guide.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

SESSION_COOKIE_HTTPONLY = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "PKCE_REQUIRED": True,
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

# Key-encryption key for SM2 private keys at rest (R0.5); derive from SECRET_KEY unless given.
DIGIGOV_KEY_ENCRYPTION_KEY = env_str("DIGIGOV_KEY_ENCRYPTION_KEY", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
