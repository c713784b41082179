"""Settings shared by every environment, read from environment variables.

Each value that differs between machines comes from the environment (see the configuration
table in the README); the defaults here are the embedded ones a fresh checkout runs on:
SQLite under `var/`, local-memory cache, the embedded search index.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = BASE_DIR / "var"  # runtime state: SQLite file, media, search index, collected static
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()

# A development-only key; `production.py` refuses to start with it.
INSECURE_DEFAULT_SECRET_KEY = "django-insecure-development-key-never-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=INSECURE_DEFAULT_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Our apps first so their templates and translations win.
    "cms",
    "home",
    "articles",
    "locales",
    "search",
    # modeltranslation must come before anything that registers admin forms.
    "modeltranslation",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtailmedia",
    "wagtail.contrib.forms",
    "wagtail.contrib.settings",  # the publisher's identity per site (cms.models.PublisherSettings)
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "cms.apps.UsersConfig",  # wagtail.users, its user forms with the admin language (cms/user_forms.py)
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.api.v2",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",  # Wagtail's API v2 at /api/v2/ (cms/api.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",  # failed sign-ins and page passwords: counted, throttled, locked out (cms/login_throttle.py)
]

MIDDLEWARE = [
    # Security headers (HSTS in production, nosniff, Referrer-Policy, COOP) on every response.
    "django.middleware.security.SecurityMiddleware",
    # Static files with far-future caching for hashed names, gzip when asked (cms/settings/production.py).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Full-page cache for anonymous visitors (cms/page_cache.py): as early as possible, so a hit
    # costs no session or user lookup, no policy building; it answers conditional requests itself.
    "cms.page_cache.PageCacheMiddleware",
    # Facts several parts of one page read (the restricted paths…) worked out once per request.
    "cms.request_memo.RequestMemoMiddleware",
    # Content-Security-Policy (cms/content_security_policy.py): inside the page cache, so a stored
    # page keeps its header (it has no nonce), and above XFrameOptionsMiddleware so frame-ancestors
    # can follow its header.
    "cms.content_security_policy.ContentSecurityPolicyMiddleware",
    # ETag and 304 for every other GET (the page cache does the same for what it serves).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Admin paths: the browser's language for users without a chosen one (cms/admin_language.py).
    "cms.admin_language.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a request its handler flagged as locked out into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# Database: SQLite file by default, anything dj-database-url style via DATABASE_URL
# (e.g. postgres://postgres@127.0.0.1:5432/cms).
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: CACHE_URL wins, then REDIS_URL, then local memory (production: Redis on this machine).


def cache_from_environment(fallback: str) -> dict:
    """The cache named by CACHE_URL, else REDIS_URL, else `fallback`; Redis through our backend."""
    cache = env.cache_url("CACHE_URL", default=env.str("REDIS_URL", default=fallback))
    if cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        cache["BACKEND"] = "cms.redis_cache.RedisCache"  # one client per pool (cms/redis_cache.py)
    return cache


CACHES = {"default": cache_from_environment("locmemcache://")}
# Redis failing or slow: each call waits at most this long, then the site goes on uncached and does
# not ask again for CACHE_RETRY_SECONDS (cms/redis_cache.py).
CACHE_SOCKET_TIMEOUT = env.float("CACHE_SOCKET_TIMEOUT", default=0.25)
CACHE_RETRY_SECONDS = env.float("CACHE_RETRY_SECONDS", default=5.0)
# /healthz reports the scheduler degraded when its last pass is older than this (cms/health.py).
HEALTH_SCHEDULER_STALE_SECONDS = env.int("HEALTH_SCHEDULER_STALE_SECONDS", default=300)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# `make setup` (manage.py ensure_admin) keeps the first administrator's generated password here.
ADMIN_PASSWORD_FILE = VAR_DIR / "admin_password"
DEMO_PASSWORD_FILE = VAR_DIR / "demo_password"  # and the demo translators' (manage.py ensure_demo_accounts)

# Failed sign-ins (the admin's, the site's) and wrong page/collection passwords: django-axes
# counts them per (account, address) and per address, and refuses a locked-out client in its
# backend, before any password is hashed (cms/login_throttle.py). Its database handler: the
# counts are shared by every worker and machine on the database, survive restarts, and are not
# evicted with the page cache when Redis runs out of memory; they are written on failures only.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "cms.login_throttle.LoginFailureHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = max(1, env.int("LOGIN_FAILURE_LIMIT", default=5))  # one account from one address
LOGIN_FAILURE_LIMIT_PER_ADDRESS = max(1, env.int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", default=20))  # any accounts
AXES_COOLOFF_TIME = timedelta(minutes=max(1, env.int("LOGIN_COOLOFF_MINUTES", default=15)))
# A success forgives that account's failures from that address. Tries during a lockout are refused
# unchecked and not counted, so a lockout ends a cool-off after the failure that caused it.
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "cms.login_throttle.lockout_response"  # 429 page in the user's language
AXES_COOLOFF_MESSAGE = gettext_lazy("Too many failed attempts. Please try again later.")
AXES_CLIENT_IP_CALLABLE = "cms.login_throttle.client_ip_address"
# Reverse proxies in front of Django that append the client's address to X-Forwarded-For
# (production: 1 behind BEHIND_TLS_PROXY); 0 trusts only the socket's peer.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_DISABLE_ACCESS_LOG = True  # no row per successful sign-in: failures are what is counted
# Masked in the logs and in the POST data a failure row keeps (passwords always are).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken"]
AXES_ENABLE_ADMIN = False  # the site has no Django admin to show axes' tables in

# Internationalisation. Vietnamese is the source language and is served unprefixed;
# English and Ukrainian are translations under /en/ and /uk/. Names are endonyms on purpose:
# a visitor looks for their language written in their language.
LANGUAGE_CODE = "vi"
LANGUAGES = [
    ("vi", "Tiếng Việt"),
    ("en", "English"),
    ("uk", "Українська"),
]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# How search derives match terms per language beyond folding marks (search.conf): English is
# stemmed, Ukrainian lemmatised; Vietnamese words are folded only.
SEARCH_LANGUAGE_ANALYSIS = {"en": {"stemmer": "english"}, "uk": {"lemmas": "uk"}}
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
# Page slugs are ASCII in every language: the admin transliterates titles ("Chỉ thị" → "chi-thi",
# Cyrillic likewise), so addresses survive being pasted into mail and chat.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# The project's catalogue first, then the admin catalogues that complete and override the packages'
# (cms/admin_locale/<package>/<lang>/LC_MESSAGES; a new package folder needs no change here).
LOCALE_PATHS = [PROJECT_DIR / "locale", *sorted(p for p in (PROJECT_DIR / "admin_locale").iterdir() if p.is_dir())]
TIME_ZONE = "Asia/Ho_Chi_Minh"
# One date format per language (cms/formats/<language>/formats.py): templates write dates with
# `date:"DATE_FORMAT"` (long) or `date:"SHORT_DATE_FORMAT"`.
FORMAT_MODULE_PATH = ["cms.formats"]
USE_I18N = True
USE_TZ = True

# Reference data labels (django-modeltranslation): one column per language.
MODELTRANSLATION_DEFAULT_LANGUAGE = "vi"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = ("vi",)

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
if STATIC_ROOT == VAR_DIR / "static":
    # WhiteNoise indexes STATIC_ROOT when a process starts and warns when it is missing; the
    # default one exists from the start (empty until `collectstatic`, which `make serve` runs).
    STATIC_ROOT.mkdir(exist_ok=True)
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
# Django serves MEDIA_ROOT itself in development and when SERVE_MEDIA is on (`make serve` on
# loopback; read on each request), never documents/ nor files of restricted collections
# (cms.views.serve_media). A public deployment serves it from the web server or object storage
# instead, and must keep documents/ out of it (README, "Production").
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=False)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Complex page models exceed Django's default limit of 1000 form fields in the editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Security headers. HTTPS-only settings (HSTS, secure cookies, redirect) are in production.py.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No page may be framed, except where a view says otherwise (Wagtail's preview: SAMEORIGIN);
# the CSP's frame-ancestors follows this header (cms/content_security_policy.py).
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4). Public pages: everything from our own origin, no inline
# script or style (JSON-LD is a data block, not a script), no plugins, no framing. No nonce: the
# full-page cache stores responses, so a nonce would be shared by every visitor. Videos and audio
# are self-hosted; a clip with an embed address adds its own player's origin (YouTube's no-cookie or
# Vimeo's, once the visitor asks for the player) to `frame-src` on that page only
# (articles/embeds.py, cms/content_security_policy.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "media-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# The Wagtail admin (and the previews it renders) has its own policy: its templates still carry
# inline scripts (inline panels, date pickers, wagtail-localize's editor) and inline styles, so it
# allows those; it shows Gravatar avatars, checks releases.wagtail.org for upgrades, and frames its
# own previews. Editors are signed in and trusted; visitors never get this policy.
CONTENT_SECURITY_POLICY_ADMIN = {
    "URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", "www.gravatar.com"],
        "media-src": ["'self'", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'", "https://releases.wagtail.org"],
        "frame-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}

# Full-page cache for anonymous visitors (cms/page_cache.py), in the default cache.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60 * 60 * 24)
PAGE_CACHE_MAX_AGE = env.int("PAGE_CACHE_MAX_AGE", default=0)
# Costly parts of public pages kept rendered, with the page cache's tags (cms/fragment_cache.py).
FRAGMENT_CACHE_ENABLED = env.bool("FRAGMENT_CACHE_ENABLED", default=True)

# Wagtail
WAGTAIL_SITE_NAME = env.str("WAGTAIL_SITE_NAME", default="Chuyển đổi số — Văn bản và truyền thông")
# Where the site really runs, for links in mails: `make run`/`make serve` pass http://$(HOST):$(PORT).
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
# Seconds between two runs of Wagtail's publish_scheduled by `manage.py run_scheduler` (cms/scheduler.py):
# a page due to go live or expire does so at most this long after its time.
SCHEDULED_PUBLISHING_INTERVAL = env.float("SCHEDULED_PUBLISHING_INTERVAL", default=15)
# Seconds between two runs of the scheduler's search_index_repair (search.indexing.repair): an index
# update lost to a killed worker, or a directive status that turned overnight, is put right within it.
SEARCH_REPAIR_INTERVAL = env.float("SEARCH_REPAIR_INTERVAL", default=600)
WAGTAILSEARCH_BACKENDS = {
    # Wagtail's own index serves the admin's search boxes only; public search is `search/`.
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "vtt", "xlsx", "zip"]
# Documents are only ever served by Wagtail's view (/documents/<id>/<file>), which checks their
# collection's view restriction; never a raw media URL, and never a redirect to the storage's URL
# (the default on remote storage). The SERVE_MEDIA view refuses documents/ (articles/public_files.py).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Caption files (.vtt) are validated as WebVTT when uploaded.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "articles.forms.CaptionAwareDocumentForm"
WAGTAILMEDIA = {
    "MEDIA_MODEL": "wagtailmedia.Media",
    # Uploads are checked for what they contain (audio or video, matching the extension).
    "MEDIA_FORM_BASE": "articles.forms.CheckedMediaForm",
    "AUDIO_EXTENSIONS": ["m4a", "mp3", "ogg", "wav"],
    "VIDEO_EXTENSIONS": ["mp4", "m4v", "webm"],
}
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024

# Public search (the `search` app reads these through search/conf.py).
SEARCH_BACKEND = env.str("SEARCH_BACKEND", default="tantivy")
SEARCH_INDEX_DIR = Path(env.str("SEARCH_INDEX_DIR", default=str(VAR_DIR / "search")))
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
# The rest of the connection to Elasticsearch (README, "Elasticsearch"): Elastic Cloud's deployment
# id instead of the URL, an API key, and the CA file or the certificate's SHA-256 fingerprint of a
# self-managed server with its own certificate authority.
ELASTICSEARCH_CLOUD_ID = env.str("ELASTICSEARCH_CLOUD_ID", default="")
ELASTICSEARCH_API_KEY = env.str("ELASTICSEARCH_API_KEY", default="")
ELASTICSEARCH_CA_CERTS = env.str("ELASTICSEARCH_CA_CERTS", default="")
ELASTICSEARCH_SSL_FINGERPRINT = env.str("ELASTICSEARCH_SSL_FINGERPRINT", default="")
# The alias searches and writes go through; concrete indices are named after it.
SEARCH_INDEX_NAME = env.str("SEARCH_INDEX_NAME", default="directives")
# The site's domain knowledge plugged into the generic search app.
SEARCH_NUMBER_PARSER = "articles.number_queries.keys_in_query"
SEARCH_FACET_LABELS = "articles.search_documents.facet_labels"
# The same knowledge plugged into the translation workflow (locales/): QA and the translation memory.
LOCALES_NUMBER_FINDER = "articles.directive_numbers.locate_directive_numbers"

# Translation workflow. "continuous": publishing a Vietnamese page refreshes what translators work
# from at once; "manual": translators update from the source themselves.
LOCALES_SYNC_MODE = env.str("LOCALES_SYNC_MODE", default="continuous")
# New translations start as drafts: a translated page goes live only once a reviewer approves it.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Machine translation = our translation memory (offline), optionally backed by an external engine
# for what it cannot fill: DeepL (DEEPL_AUTH_KEY) or LibreTranslate (LIBRETRANSLATE_URL).
_MACHINE_FALLBACK = None
if env.str("DEEPL_AUTH_KEY", default=""):
    _MACHINE_FALLBACK = {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {
            "AUTH_KEY": env.str("DEEPL_AUTH_KEY"),
            # A DeepL glossary kept in step with ours, per supported pair (locales/deepl_glossary.py).
            "DEEPL_GLOSSARY": env.bool("DEEPL_GLOSSARY", default=False),
        },
    }
elif env.str("LIBRETRANSLATE_URL", default=""):
    _MACHINE_FALLBACK = {
        "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
        "OPTIONS": {
            "LIBRETRANSLATE_URL": env.str("LIBRETRANSLATE_URL"),
            "API_KEY": env.str("LIBRETRANSLATE_API_KEY", default=""),
        },
    }
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": "locales.machine_translation.TranslationMemoryTranslator",
    "OPTIONS": {"FALLBACK": _MACHINE_FALLBACK} if _MACHINE_FALLBACK else {},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    # The Elasticsearch client logs each failed attempt with its stack trace; the backend logs one
    # line per failed operation itself (search/backends/elasticsearch.py).
    "loggers": {"elastic_transport": {"level": "ERROR"}},
}
