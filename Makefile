# Multilingual directives site — `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
# Two workers (the machine has two cores); tests of one file stay on one worker so module fixtures are built once.
PYTEST_ARGS ?= -n 2 --dist loadfile
PORT ?= 8000
# `make serve`: gunicorn workers, and its access log (a file, - for the terminal, empty for none).
WORKERS ?= 2
ACCESS_LOG ?=
# Made once by `make serve` when the environment has no SECRET_KEY (var/ is git-ignored).
SECRET_KEY_FILE := var/secret_key
# Links in mails (WAGTAILADMIN_BASE_URL) point where `make run`/`make serve` listen, unless the environment names the site's address.
BASE_URL_ENV = WAGTAILADMIN_BASE_URL="$${WAGTAILADMIN_BASE_URL:-http://$(HOST):$(PORT)}"
# `make serve` runs the production settings over plain HTTP on loopback: SERVE_OVER_HTTP drops the
# HTTPS redirect and Secure cookies, SERVE_MEDIA serves uploads (README, "Production").
SERVE_ENV = DJANGO_SETTINGS_MODULE=cms.settings.production SERVE_OVER_HTTP=true SECURE_SSL_REDIRECT=false \
	SERVE_MEDIA=true SECRET_KEY="$${SECRET_KEY:-$$(cat $(SECRET_KEY_FILE))}" $(BASE_URL_ENV)
# Apps whose UI strings we translate (each has its own locale/ folder) plus the project's.
I18N_IGNORE := --ignore=.venv --ignore=var --ignore=tests --ignore=bench --ignore=docs

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

.PHONY: install
install: $(VENV)/.installed ## Create .venv and install the runtime requirements

.PHONY: install-dev
install-dev: $(VENV)/.installed-dev ## Install runtime and test requirements

.PHONY: system-deps
system-deps: ## Install Debian packages the site and tests need (Chromium, gettext, ffmpeg) when missing; needs root
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v ffmpeg >/dev/null || missing="$$missing ffmpeg"; \
	{ command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx vie; } \
		|| missing="$$missing tesseract-ocr tesseract-ocr-vie"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

.PHONY: messages
messages: $(VENV)/.installed ## Compile the vi/uk message catalogues
	@command -v msgfmt >/dev/null || $(MAKE) --no-print-directory system-deps
	$(MANAGE) compilemessages $(I18N_IGNORE) --verbosity 0

.PHONY: makemessages
makemessages: $(VENV)/.installed ## Extract UI strings into the vi/uk catalogues (then translate them)
	$(MANAGE) makemessages -l vi -l uk --no-obsolete --no-location $(I18N_IGNORE)

.PHONY: setup
setup: install system-deps messages ## Install, migrate, create the admin user, load the demo content (idempotent)
	$(MANAGE) migrate --noinput
	$(MANAGE) ensure_admin
	$(MANAGE) load_demo
	$(MANAGE) draw_pages
	$(MANAGE) ensure_demo_accounts

# `make run` and `make serve` start the scheduler (`manage.py run_scheduler`, cms/scheduler.py:
# scheduled publishing and expiry) next to the web server: `$(call with_scheduler,SERVER,SCHEDULER)`.
# Both run in the background of one shell that waits for the server; Ctrl-C or SIGTERM to make (which
# passes it on) reaches both, and when the server stops for any reason the scheduler is stopped too.
with_scheduler = $(2) & scheduler=$$!; $(1) & server=$$!; \
	trap 'kill -TERM $$server $$scheduler 2>/dev/null' INT TERM; \
	wait $$server; status=$$?; while kill -0 $$server 2>/dev/null; do wait $$server; status=$$?; done; \
	kill -TERM $$scheduler 2>/dev/null; wait $$scheduler; exit $$status
# `make run`: a local-memory cache is private to each process, so the server and the scheduler share a
# file cache in var/cache instead (emptied at each start), unless CACHE_URL or REDIS_URL names one.
RUN_CACHE_DIR := var/cache
RUN_ENV = CACHE_URL="$${CACHE_URL:-$${REDIS_URL:-filecache://$(CURDIR)/$(RUN_CACHE_DIR)?max_entries=100000}}" $(BASE_URL_ENV)

.PHONY: run
run: setup ## Set up, then serve on http://$(HOST):$(PORT)/ (with the scheduler)
	@[ -n "$$CACHE_URL$$REDIS_URL" ] || rm -rf $(RUN_CACHE_DIR)
	@echo "runserver on http://$(HOST):$(PORT)/ and run_scheduler (Ctrl-C stops both)"
	@$(call with_scheduler,$(RUN_ENV) $(MANAGE) runserver $(HOST):$(PORT),$(RUN_ENV) $(MANAGE) run_scheduler)

$(SECRET_KEY_FILE): | $(BIN)/python
	@mkdir -p $(@D)
	@(umask 077 && $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > $@)
	@chmod 600 $@
	@echo "Generated a secret key in $@ (used by make serve when SECRET_KEY is not set)"

.PHONY: serve
serve: install messages $(if $(SECRET_KEY),,$(SECRET_KEY_FILE)) ## Production server (gunicorn, WhiteNoise, production settings) over HTTP on $(HOST):$(PORT); run make setup first
	$(SERVE_ENV) $(MANAGE) collectstatic --noinput --verbosity 0
	@# The shared cache may hold pages and Wagtail's site root paths of a database `make setup` has since rebuilt.
	$(SERVE_ENV) $(MANAGE) shell -c "from django.core.cache import cache; cache.clear()"
	@echo "gunicorn on http://$(HOST):$(PORT)/ and run_scheduler (Ctrl-C or SIGTERM stops both)"
	@$(call with_scheduler,$(SERVE_ENV) $(BIN)/gunicorn --config cms/gunicorn.conf.py --workers $(WORKERS) \
		--bind $(HOST):$(PORT) $(if $(ACCESS_LOG),--access-logfile $(ACCESS_LOG)),$(SERVE_ENV) $(MANAGE) run_scheduler)

.PHONY: lint
lint: install-dev ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

.PHONY: format
format: install-dev ## Apply ruff fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

.PHONY: test
test: export DJANGO_SETTINGS_MODULE = cms.settings.test
test: install-dev system-deps messages lint ## Lint, Django checks, migration check, whole pytest suite (browser tests included)
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

.PHONY: bench-deps
bench-deps: install-dev ## Install what the benchmarks need: Debian's wrk (load generator of bench/pages.py); needs root
	@command -v wrk >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk; }

# `make lighthouse` and `make screenshots` build the demo in a temporary folder and serve it as `make serve`
# does (bench/live_site.py); LIGHTHOUSE_ARGS / SCREENSHOTS_ARGS pass options (e.g. --url, --language).
LIGHTHOUSE_ARGS ?=
SCREENSHOTS_ARGS ?=

.PHONY: lighthouse
lighthouse: install messages system-deps ## Lighthouse (mobile) on the demo's page types: every score at least 95 (npm ci installs the pinned version)
	@[ -x node_modules/.bin/lighthouse ] || npm ci --no-audit --no-fund
	$(BIN)/python bench/lighthouse.py $(LIGHTHOUSE_ARGS)

.PHONY: screenshots
screenshots: install-dev messages system-deps ## Regenerate docs/screenshots/ (home, directive, video, search; desktop and phone)
	$(BIN)/python bench/screenshots.py $(SCREENSHOTS_ARGS)
