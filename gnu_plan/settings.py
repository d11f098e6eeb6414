"""Settings for gnu-plan.

Everything that differs between a developer's machine and production comes
from environment variables (see README). With no variables at all, the app
runs in DEBUG on SQLite under var/.
"""

import shutil
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from gnu_plan.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = env_str("SECRET_KEY")
if SECRET_KEY is None:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "development-only-secret-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "gnu_plan.apps.GnuPlanAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "simple_history",
    "csp",
    "axes",
    "accounts",
    "indicators",
    "procurements",
    "reports",
    "budget",
    "loaders",
    "dashboards",
    "demo",
    "backups",
]

MIDDLEWARE = [
    "gnu_plan.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gnu_plan.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "reports.middleware.OneDataVersionPerRead",
]

ROOT_URLCONF = "gnu_plan.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "demo.context_processors.demo_data",
            ],
        },
    },
]

WSGI_APPLICATION = "gnu_plan.wsgi.application"

# The plan data file: what load_plan loads by default, and what manage.py check
# compares with the computed indicators' declarations (reports.checks).
PLAN_FILE = BASE_DIR / "indicators" / "data" / "namndplan-2023-2025.yaml"

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL is None:
    SQLITE_PATH = BASE_DIR / "var" / "gnu_plan.sqlite3"
    SQLITE_PATH.parent.mkdir(exist_ok=True)
    DATABASE_URL = f"sqlite:///{SQLITE_PATH}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite refusing the integers PostgreSQL refuses: see gnu_plan/sqlite3/base.py.
    DATABASES["default"]["ENGINE"] = "gnu_plan.sqlite3"
    # Tests in memory, each test process its own: said outright, since pytest-django names
    # a database per xdist process unless the engine is Django's own SQLite one.
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the figures' aggregate queries for longer than they run.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Computed figures and pages' data are cached under the data version (reports.version_cache).
# Each process has its own memory cache by default, which keeps the objects unpickled
# (gnu_plan/cache.py); "database" shares one table between processes (run manage.py
# createcachetable once); "none" computes every figure on every request.
CACHE_BACKENDS = {
    # 1 000 entries: every page of the demo in both languages, with each reader's permissions,
    # is about 500; older versions' entries, read least recently, are dropped first.
    "memory": {"BACKEND": "gnu_plan.cache.ObjectMemoryCache", "OPTIONS": {"MAX_ENTRIES": 1000}},
    "database": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "gnu_plan_cache",
    },
    "none": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
CACHES = {"default": CACHE_BACKENDS[env_choice("CACHE", CACHE_BACKENDS, default="memory")]}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboards:start"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Stockholm"
# Grouped numbers ("22 576") are shown and accepted in forms; templates print years
# with |unlocalize so that they never read "2 023".
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["gnu_plan.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Static files, plotly.js among them, are served by the app itself (WhiteNoise). In
# production `collectstatic` stores them under hashed names with gzip and Brotli
# copies, served compressed and cached for a year; in DEBUG they are read from the
# apps' folders as they are (stated here, since tests run with DEBUG turned off).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# Files served at the site's root, such as the /favicon.ico browsers ask for unbidden
# (drawn by gnu_plan/favicon.py).
WHITENOISE_ROOT = BASE_DIR / "gnu_plan" / "site_root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "gnu_plan.storage.StaticFilesStorage"
    },
}

SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True

DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"

# --- Logging: one line (one traceback) per failed request -------------------------
# Everything goes to the root logger's console handler (stderr: the journal under
# systemd). Django's default configuration also gives the "django" logger a console
# handler of its own in DEBUG; it is emptied here so that a 500 is not written twice.
# django-axes would add lines of its own (with the user name and address masked) to
# each failed login: the attempts are listed in the admin, and a lock-out is logged
# as its 429 response.
LOG_LEVEL = env_str("LOG_LEVEL", default="WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "axes": {"level": "ERROR"},
    },
}

# --- Production behind a TLS reverse proxy (README "Running in production") -------
# Secure by default once DEBUG is off; each part can be turned off by its variable.
# BEHIND_TLS_PROXY trusts the proxy's X-Forwarded-Proto (HTTPS or not) and
# X-Forwarded-For (the client's address, for the login lock-out): only set it when
# a proxy that sets both headers is the only way in.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", default=False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
CSRF_FAILURE_VIEW = "gnu_plan.errors.csrf_failure"

# Files the app writes. A relative path is taken from the project folder.
# ARCHIVE_ROOT: adopted reports (PDFs, issue 9), kept and backed up like the database.
# PROCUREMENT_IMPORT_DIR: uploads waiting to be confirmed (removed after a day).
ARCHIVE_ROOT = BASE_DIR / env_str("ARCHIVE_ROOT", default="var/archive")
PROCUREMENT_IMPORT_DIR = BASE_DIR / env_str("PROCUREMENT_IMPORT_DIR", default="var/imports")
# REPORT_CACHE_DIR: the committee report's exported charts (SVG, by the figure's content)
# and draft PDFs (by the report's data); anything in it may be deleted at any time.
REPORT_CACHE_DIR = BASE_DIR / env_str("REPORT_CACHE_DIR", default="var/report-cache")
# The Chromium that exports the report's charts (kaleido); without one the PDF shows
# each chart's figures as a table.
CHART_BROWSER_PATH = env_str(
    "BROWSER_PATH", default=shutil.which("chromium") or "/usr/bin/chromium"
)

# --- E-mail: the head's reminders before a report's deadline (manage.py send_reminders) ---
# In DEBUG mail is written to the console; otherwise it goes through the SMTP server named.
# SITE_URL is the address the reminders' links begin with.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="gnu-plan@localhost")
SITE_URL = env_str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# How many days before a report's deadline the daily reminders begin.
REMINDER_DAYS_BEFORE_DEADLINE = env_int("REMINDER_DAYS_BEFORE_DEADLINE", default=7)
if REMINDER_DAYS_BEFORE_DEADLINE < 0:
    raise ImproperlyConfigured("REMINDER_DAYS_BEFORE_DEADLINE must be 0 or more")

# --- Login lock-out (django-axes) ---------------------------------------------------
# Repeated failed logins for one username from one address lock that combination
# out for a while, on the login page and the admin's alike; a successful login
# clears the count. Failed attempts are kept in the database (admin: Axes).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "reports.permissions.CachedPermissionsBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "gnu_plan.proxy.client_ip_address"

# --- Content-Security-Policy (django-csp) ---------------------------------------------
# Nothing inline and nothing from another host: scripts and styles are static files,
# chart data travels as <script type="application/json"> (json_script), never run.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
