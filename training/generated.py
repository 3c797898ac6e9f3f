"""Writing a generated knowledge-base file, or checking that the committed one is what its table generates.

Why: the knowledge-base generators (``build_kb_states.py``, ``build_kb_organs.py``) share this step, and with it
the one message that says which script brings a stale file up to date.
"""

from __future__ import annotations

import sys
from pathlib import Path


def write_or_check(out: Path, text: str, *, check: bool, script: str, summary: str) -> int:
    """Write ``text`` to ``out``; with ``check``, write nothing and return 1 when ``out`` differs (or is missing)."""
    if check:
        current = out.read_text(encoding="utf-8") if out.exists() else None
        if current != text:
            print(f"{out} is out of date; run python training/{script}", file=sys.stderr)
            return 1
        print(f"{out}: up to date ({summary})")
        return 0
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out} ({summary})")
    return 0
