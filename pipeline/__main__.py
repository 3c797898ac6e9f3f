"""``python -m communique ...``: the same as the ``communique`` script (used by tests that start a real process)."""

from communique.cli import app

app(prog_name="communique")
