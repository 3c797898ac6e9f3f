"""Where doccano lives and what it needs: its two virtual environments and the credentials.

doccano is kept out of the project's environment on purpose. The server (doccano 1.8.4) needs numpy<2 and
marshmallow<3.20; the client (doccano-client 1.2.8) needs pydantic<2 and urllib3<2, which spaCy 3.8.11's thinc and
typer do not accept, and pip cannot resolve the client together with the server either. So each gets its own
venv under ``.doccano/`` (git-ignored), created on first use and reused while its requirements are unchanged.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

SERVER_REQUIREMENTS = ("doccano==1.8.4", "numpy<2", "marshmallow<3.20")
CLIENT_REQUIREMENTS = ("doccano-client==1.2.8", "pydantic<2", "urllib3<2")
_MARKER = "communique-requirements.txt"
HERE = Path(__file__).resolve().parent
LAUNCHER = HERE / "doccano_launch.py"
BRIDGE = HERE / "bridge.py"


class AnnotateError(Exception):
    """A problem with the annotation set-up, reported to the user on one line."""


def doccano_dir() -> Path:
    """``$COMMUNIQUE_DOCCANO_DIR`` or ``.doccano`` in the current directory (the project root)."""
    return Path(os.environ.get("COMMUNIQUE_DOCCANO_DIR") or Path.cwd() / ".doccano").resolve()


def server_venv() -> Path:
    return doccano_dir() / "venv"


def client_venv() -> Path:
    return doccano_dir() / "client-venv"


def python_of(venv: Path) -> Path:
    return venv / "bin" / "python"


def ensure_venv(venv: Path, requirements: tuple[str, ...], echo=print) -> Path:
    """Create ``venv`` with ``requirements`` unless it already holds exactly them; return its Python."""
    marker = venv / _MARKER
    wanted = "\n".join(requirements) + "\n"
    if marker.exists() and marker.read_text(encoding="utf-8") == wanted and python_of(venv).exists():
        return python_of(venv)
    echo(f"creating {venv} ({' '.join(requirements)}); this takes a few minutes")
    try:
        if not python_of(venv).exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        # pip's output to file descriptor 2, not to ``sys.stderr``: that may be no file at all (typer's CliRunner,
        # in the doccano test, replaces it with a buffer that has no descriptor)
        subprocess.run(
            [str(python_of(venv)), "-m", "pip", "install", "-q", *requirements], check=True, stdout=2
        )
    except (subprocess.CalledProcessError, OSError) as error:
        raise AnnotateError(f"could not create {venv}: {error}") from None
    marker.write_text(wanted, encoding="utf-8")
    return python_of(venv)


def ensure_server_venv(echo=print) -> Path:
    return ensure_venv(server_venv(), SERVER_REQUIREMENTS, echo)


def ensure_client_venv(echo=print) -> Path:
    return ensure_venv(client_venv(), CLIENT_REQUIREMENTS, echo)


@dataclass(frozen=True)
class Credentials:
    """The doccano URL and admin account, only ever taken from the environment."""

    url: str
    username: str
    password: str

    def __repr__(self) -> str:  # never show the password, even in a traceback
        return f"Credentials(url={self.url!r}, username=<set>, password=<set>)"

    @property
    def host_port(self) -> tuple[str, int]:
        parts = urlsplit(self.url)
        return parts.hostname or "127.0.0.1", parts.port or 80


def credentials_from_env(need_login: bool = True) -> Credentials:
    names = ("DOCCANO_URL", "DOCCANO_USERNAME", "DOCCANO_PASSWORD") if need_login else ("DOCCANO_URL",)
    missing = [name for name in names if not os.environ.get(name)]
    if missing:
        raise AnnotateError(
            f"set {', '.join(missing)} in the environment (credentials are never taken as options)"
        )
    url = os.environ["DOCCANO_URL"]
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname or parts.port is None:
        raise AnnotateError(f"DOCCANO_URL must look like http://HOST:PORT, got {url!r}")
    return Credentials(
        url.rstrip("/"), os.environ.get("DOCCANO_USERNAME", ""), os.environ.get("DOCCANO_PASSWORD", "")
    )
