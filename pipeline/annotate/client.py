"""Call the doccano-client bridge (``bridge.py``) in its own venv: one JSON request in, one JSON reply out."""

from __future__ import annotations

import json
import subprocess
from typing import Any

from communique.annotate.environment import BRIDGE, AnnotateError, credentials_from_env, ensure_client_venv


def call_bridge(request: dict[str, Any], echo=print) -> dict[str, Any]:
    """Run one bridge operation; the bridge reads the credentials from the inherited environment."""
    credentials_from_env()  # fail early, and with the same message, when they are missing
    python = ensure_client_venv(echo)
    done = subprocess.run(
        [str(python), "-P", str(BRIDGE)],  # -P: keep this folder off sys.path
        input=json.dumps(request, ensure_ascii=False),
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        raise AnnotateError(lines[-1] if lines else f"the doccano client failed (exit {done.returncode})")
    return json.loads(done.stdout)
