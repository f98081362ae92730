"""Gunicorn settings for Hygeia's web processes: ``gunicorn -c config/gunicorn.py wsgi:app``.

Chosen from measurements on a 2-core machine (bench/load.py, docs/deployment.md):

* gevent (the default here) serves HTTP and WebSockets in one process and never runs out of
  threads: the right choice for a single web service, and for the WebSocket pool.
* gthread served plain API requests at about the same rate with a 2.5-7x lower p99 (no
  greenlet switch per database and Redis call, no letting every connection in at once), but
  holds a thread per open WebSocket. The compose files therefore run two pools behind nginx: ``web`` with
  GUNICORN_WORKER_CLASS=gthread for /api/, ``web-ws`` with gevent for /ws/.

One worker process per core either way. Every value can be changed from the environment
(GUNICORN_*).

* gevent: psycopg2 is made cooperative with psycogreen after the worker has patched the
  standard library. torch does not belong in these processes (the xray model runs in its own
  worker, see docs/scaling.md); a warning says so if something imported it.
* Metrics: each worker process counts in PROMETHEUS_MULTIPROC_DIR (a fresh temporary folder
  unless set), emptied at start and tidied when a worker exits, so /metrics adds up all workers.
* Logs: the app writes one JSON line per request (core/logging.py); gunicorn's own access log
  is off and its error log uses the same JSON formatter.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile


def _int(value: str | None, default: int) -> int:
    return int(value) if value and value.strip() else default


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gevent")  # or "gthread"
workers = _int(os.environ.get("GUNICORN_WORKERS"), _cores())
# gthread only: requests one worker serves at once (each WebSocket takes one for its whole life).
# 4 threads measured fastest for quick requests, but a request waiting seconds on the LLM holds
# its thread (and its database connection): 12 keeps room for those and stays under the
# database pool of each process (DB_POOL_SIZE + DB_MAX_OVERFLOW = 15 by default).
threads = _int(os.environ.get("GUNICORN_THREADS"), 12)
# gevent only: requests and sockets one worker holds at once.
worker_connections = _int(os.environ.get("GUNICORN_WORKER_CONNECTIONS"), 1000)
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000").split(",")
backlog = _int(os.environ.get("GUNICORN_BACKLOG"), 2048)

# A worker silent this long is killed and replaced (gevent workers answer the arbiter from their
# own greenlet, so long WebSockets and LLM streams do not count against it).
timeout = _int(os.environ.get("GUNICORN_TIMEOUT"), 60)
# SIGTERM or HUP: in-flight requests get this long to finish before the worker is stopped.
graceful_timeout = _int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT"), 30)
keepalive = _int(os.environ.get("GUNICORN_KEEPALIVE"), 5)  # nginx reuses upstream connections
# Recycle each worker after this many requests (a slow leak never grows for ever), not all at once.
max_requests = _int(os.environ.get("GUNICORN_MAX_REQUESTS"), 5000)
max_requests_jitter = _int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER"), 500)
preload_app = False  # each worker imports the app itself: after gevent's patching, with its own sockets
limit_request_line = 8190
limit_request_fields = 100
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"  # heartbeat files off the (possibly slow, overlay) disk

# Trust X-Forwarded-Proto from these addresses only (nginx). "*" when only nginx can reach gunicorn.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# gunicorn >= 25 opens a control socket under $HOME unless told otherwise: off unless a path is given.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True

accesslog = None
errorlog = "-"
loglevel = os.environ.get("HYGEIA_LOG_LEVEL", "info").lower()
if os.environ.get("HYGEIA_LOG_FORMAT", "json") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "core.logging.JsonFormatter"}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
        "root": {"level": loglevel.upper(), "handlers": []},  # the app installs its own (core/logging.py)
        "loggers": {
            "gunicorn.error": {"handlers": ["stderr"], "level": loglevel.upper(), "propagate": False},
            # Its lines carry raw URLs with query strings (search text): off, the app logs requests itself.
            "gunicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        },
    }

# Set before any worker imports prometheus_client, so every worker writes to the shared folder.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="hygeia-prometheus-")


def on_starting(server):
    """Start from an empty metrics folder: files of a previous run would add old counts."""
    folder = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
    server.log.info("workers: %d x %s; metrics in %s", server.cfg.workers, server.cfg.worker_class_str, folder)


def post_worker_init(worker):
    if worker.cfg.worker_class_str == "gevent":
        from psycogreen.gevent import patch_psycopg

        patch_psycopg()  # psycopg2 waits on its sockets through gevent instead of blocking the worker
    if "torch" in sys.modules:
        logging.getLogger("gunicorn.error").warning(
            "torch is loaded in a web worker: run inference in the xray worker, not under gunicorn")


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # drops its live gauges; counters keep their totals
