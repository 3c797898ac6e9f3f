"""Benchmark results go to ``benchmarks/results.md``, one section per script, each stamped with date and machine.

Numbers depend on the machine and on what else runs on it, so every section says both: the date, the CPU model,
the cores this process may use and the load average when the measurement started.
"""

from __future__ import annotations

import os
import platform
import re
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.md"
HEADER = (
    "# Benchmark results\n\n"
    "Written by the scripts in `benchmarks/` (never by tests). Each section says when and where it was measured;\n"
    "rerun a script with `--write` to replace its section.\n"
)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine_line() -> str:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"Measured {stamp} on {cores} cores ({cpu_model()}), Python {platform.python_version()}; "
        f"load average at start {load} (the machine is shared, so absolute numbers are noisy)."
    )


def replace_section(title: str, body: str, machine: str | None = None) -> None:
    """Put ``## title`` with ``body`` into results.md, replacing an earlier section of that title."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else HEADER
    section = f"## {title}\n\n{machine or machine_line()}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + section
    RESULTS.write_text(text, encoding="utf-8")
