"""Start and stop a real doccano server: database set-up, the admin account, the web server and the task worker.

The task worker (celery) uses doccano's default broker for sqlite, ``sqla+sqlite`` on the same database file,
so nothing beyond the doccano venv is needed and it works offline. The server is ready when doccano's own health
check (``/v1/health/``) answers 200, which includes a round trip through the worker.

Start-up is race-free: ``init`` creates the database, and the broker's tables and queue, before the web server
and the worker start (two processes creating the queue at once in one SQLite file failed with ``UNIQUE constraint
failed: kombu_queue.name``). Secrets go only where they are needed: the admin password only to ``createuser``,
never to the long-running web server and worker; the SECRET_KEY file is created with mode 0600.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from communique.annotate.environment import (
    LAUNCHER,
    AnnotateError,
    Credentials,
    doccano_dir,
    ensure_server_venv,
)


@dataclass
class DoccanoServer:
    """A running doccano: the web server and task worker processes, each in its own process group."""

    credentials: Credentials
    data_dir: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    def environment(self, password: bool = False) -> dict[str, str]:
        """The environment of a doccano process; ``password`` only for ``createuser``."""
        env = dict(os.environ)
        if not password:
            env.pop("DOCCANO_PASSWORD", None)
        env["DOCCANO_HOME"] = str(self.data_dir)
        env["DATABASE_URL"] = f"sqlite:///{self.data_dir / 'db.sqlite3'}"
        env["MEDIA_ROOT"] = str(self.data_dir / "media")
        # the web UI posts forms with CSRF checks against this origin
        env["CSRF_TRUSTED_ORIGINS"] = self.credentials.url
        if not env.get("SECRET_KEY"):
            # doccano falls back to a key published in its source; keep a random one with the database instead
            env["SECRET_KEY"] = secret_key(self.data_dir / "secret_key")
        return env

    # -P: the launcher's folder must not come first on sys.path, or examples.py here would shadow doccano's
    # ``examples`` app
    def _run(self, python: Path, command: str) -> None:
        log = self.data_dir / f"{command}.log"
        with log.open("w", encoding="utf-8") as handle:
            done = subprocess.run(
                [str(python), "-P", str(LAUNCHER), command],
                env=self.environment(password=command == "createuser"),
                stdout=handle,
                stderr=handle,
            )
        if done.returncode != 0:
            raise AnnotateError(f"doccano {command} failed (exit {done.returncode}); see {log}")

    def _spawn(self, python: Path, command: str, *extra: str) -> None:
        log = (self.data_dir / f"{command}.log").open("w", encoding="utf-8")
        self.processes.append(
            subprocess.Popen(
                [str(python), "-P", str(LAUNCHER), command, *extra],
                env=self.environment(),
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        )

    def initialise(self, echo=print) -> Path:
        """What happens before any long-running process starts: the venv (created if needed), the database with
        the broker's tables and queue, and the admin account; returns the venv's Python."""
        python = ensure_server_venv(echo)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._run(python, "init")
        self._run(python, "createuser")
        return python

    def start(self, workers: int = 2, timeout: float = 180.0, echo=print) -> DoccanoServer:
        """Initialise (``initialise``), then start the web server and the worker together and wait for them."""
        python = self.initialise(echo)
        try:
            self._spawn(python, "webserver", "--workers", str(workers))
            self._spawn(python, "task")
            self.wait_until_ready(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def wait_until_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        health = f"{self.credentials.url}/v1/health/"
        while time.monotonic() < deadline:
            for process in self.processes:
                if process.poll() is not None:
                    raise AnnotateError(
                        f"doccano {process.args[3]} exited with {process.returncode}; see {self.data_dir}"
                    )
            try:
                with urllib.request.urlopen(health, timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        raise AnnotateError(f"doccano did not answer at {health} within {timeout:.0f} s; see {self.data_dir}")

    def stop(self) -> None:
        """Terminate the process groups this object started (gunicorn and celery fork their own workers)."""
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()

    def wait(self) -> None:
        """Block until one of the processes ends (or Ctrl-C, or SIGTERM), then stop the others."""
        # the children run in their own sessions, so a plain `kill` of this process must stop them explicitly
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        try:
            while all(process.poll() is None for process in self.processes):
                time.sleep(1)
        finally:
            self.stop()


def secret_key(path: Path) -> str:
    """The key kept beside the database, created readable by its owner only from the first byte (``O_EXCL`` with
    mode 0600: never a moment where another user could read it)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(48))
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)  # a key file from an older version
    return path.read_text(encoding="utf-8").strip()


def default_data_dir() -> Path:
    return doccano_dir() / "data"
