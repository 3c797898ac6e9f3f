"""Run one piece of doccano 1.8.4 inside its own virtual environment: ``init``, ``createuser``, ``webserver``,
``task``.

Why not ``doccano createuser``/``doccano webserver`` directly: the former takes the password as a command-line
argument (visible to every user in ``ps``), and the latter always binds 0.0.0.0. This launcher reads the
credentials from the environment and binds gunicorn to the host and port of ``DOCCANO_URL``. Everything else is
doccano's own code (``backend.cli``). It imports nothing from communique, since it runs with the doccano venv's
Python.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from urllib.parse import urlsplit


def host_and_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise SystemExit(f"doccano: DOCCANO_URL must look like http://HOST:PORT, got {url!r}")
    return parts.hostname, parts.port or 80


def webserver(workers: int) -> None:
    import backend.cli as cli
    import gunicorn.app.base
    import gunicorn.util

    host, port = host_and_port(os.environ.get("DOCCANO_URL", ""))

    class Application(gunicorn.app.base.BaseApplication):
        def load_config(self) -> None:
            for key, value in {"bind": f"{host}:{port}", "workers": workers, "chdir": cli.base}.items():
                self.cfg.set(key, value)

        def load(self):  # noqa: ANN201 - gunicorn's interface
            return gunicorn.util.import_app("config.wsgi")

    Application().run()


def create_broker_queue() -> None:
    """Create the task broker's tables and queue now, in the one ``init`` process: left to the web server and
    the worker, both create them at start-up in the same SQLite file, and one fails (``UNIQUE constraint failed:
    kombu_queue.name``)."""
    from config.celery import app  # doccano's Celery app, configured from its Django settings
    from kombu import Connection, Queue

    with Connection(app.conf.broker_url) as connection:
        Queue(app.conf.task_default_queue or "celery").bind(connection.default_channel).declare()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["init", "createuser", "webserver", "task"])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    # importing backend.cli sets doccano's defaults (DOCCANO_HOME, DATABASE_URL, settings module, sys.path)
    import backend.cli as cli
    import django
    from django.core import management

    django.setup()
    if args.command == "init":
        cli.command_db_init(args)
        create_broker_queue()
    elif args.command == "createuser":
        username, password = os.environ.get("DOCCANO_USERNAME"), os.environ.get("DOCCANO_PASSWORD")
        if not username or not password:
            raise SystemExit("doccano: set DOCCANO_USERNAME and DOCCANO_PASSWORD in the environment")
        # create_admin echoes the user name; keep credentials out of logs
        management.call_command(
            "create_admin",
            "--noinput",
            username=username,
            password=password,
            email="admin@localhost",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    elif args.command == "webserver":
        webserver(args.workers)
    else:
        cli.command_run_task_queue(argparse.Namespace(concurrency=1))


if __name__ == "__main__":
    sys.exit(main())
