"""Gunicorn settings of the production server (`make serve`; a deployment may reuse them with -c).

The command line wins over this file: `make serve` passes --bind and --workers. Settings come
from cms.wsgi's default, cms.settings.production, unless DJANGO_SETTINGS_MODULE says otherwise.
Before it listens, it refuses to start while a superuser has a default or blank password (on_starting).
"""

import os
import subprocess
import sys
from pathlib import Path

wsgi_app = "cms.wsgi:application"
proc_name = "cms"

# Synchronous workers, one per core (WEB_CONCURRENCY is gunicorn's own variable).
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# A request that runs longer than this is a bug; its worker is killed and replaced.
timeout = 30
# On SIGTERM/SIGHUP, requests in flight get this long to finish.
graceful_timeout = 20
# Keep-alive for a reverse proxy or a benchmark client reusing connections.
keepalive = 5
# The workers' heartbeat files on tmpfs: on a disk they can block a worker (gunicorn's FAQ).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Errors to stderr; an access log only when asked (--access-logfile; `make serve ACCESS_LOG=-`).
errorlog = "-"
# The combined log format plus the time taken in milliseconds.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'

# Gunicorn's control socket lives at one path per user ($XDG_RUNTIME_DIR or ~/.gunicorn), so a
# second server on the same machine (tests, a benchmark) would take it over; nothing here uses it.
control_socket_disable = True


def on_starting(server: object) -> None:
    """Refuse to start while an active superuser has a default or blank password.

    Runs the deploy check `cms.E001` (cms/superuser_passwords.py) in a separate process, which prints
    each account and how to fix it; gunicorn then exits with "Error: …". In a separate process so
    that the master imports no Django code: workers that a HUP replaces load the code anew.
    """
    project = Path(__file__).resolve().parent.parent
    settings_module = os.environ.get("DJANGO_SETTINGS_MODULE", "cms.settings.production")  # as cms.wsgi
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module}
    # The tag is cms.superuser_passwords.CHECK_TAG: only this check, not the other deploy warnings.
    check = [sys.executable, str(project / "manage.py"), "check", "--deploy", "--tag", "superuser_passwords"]
    if subprocess.run(check, cwd=project, env=environment, stdout=subprocess.DEVNULL).returncode != 0:
        raise RuntimeError(
            "refusing to start: a superuser can sign in with a default or blank password, or the check "
            "could not run (see above)."
        )


def post_worker_init(worker: object) -> None:
    """Each worker, once it has loaded the application: cms.worker_warmup.prepare_worker."""
    from cms.worker_warmup import prepare_worker

    prepare_worker()
