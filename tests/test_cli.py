"""What a person at a terminal sees: the summary instead of JSON on a terminal and JSON when piped, progress bars
only on a terminal, ``--version``, help that reads as a person writes it, the no-Chinese warning. The terminal is
a real pseudo-terminal (``pty``), the command the installed ``communique``."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from importlib.metadata import version
from pathlib import Path

import pytest
from communique.cli import app
from typer.main import get_command
from typer.testing import CliRunner

from tests.conftest import EXAMPLE

COMMUNIQUE = str(Path(sys.executable).parent / "communique")


def on_a_terminal(*args: str, cwd: Path | None = None) -> tuple[int, str]:
    """Run ``communique ARGS`` with stdout and stderr on a 120-column pseudo-terminal; its exit code and screen."""
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = subprocess.Popen(
        [COMMUNIQUE, *args], stdin=subprocess.DEVNULL, stdout=terminal, stderr=terminal, cwd=cwd
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: every writer of the terminal has closed it
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    return process.wait(), b"".join(chunks).decode("utf-8", errors="replace")


def test_on_a_terminal_extract_prints_a_summary_and_a_progress_bar():
    code, screen = on_a_terminal("extract", str(EXAMPLE))
    assert code == 0, screen
    assert "china-uzbekistan-2024-01-24: 中华人民共和国和乌兹别克斯坦共和国" in screen
    assert "parties: CHN UZB; relationship: 新时代全天候全面战略伙伴关系" in screen
    assert '"schema_version"' not in screen  # no JSON record on the screen
    assert re.search(r"\| 1/1 \[\d\d:\d\d<\d\d:\d\d", screen), screen  # total and time left


def test_piped_extract_writes_json_lines_and_no_progress_bar():
    result = subprocess.run(
        [COMMUNIQUE, "extract", str(EXAMPLE)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["doc_id"] == "china-uzbekistan-2024-01-24"
    assert result.stderr == ""


def test_on_a_terminal_report_shows_a_progress_bar(tmp_path):
    code, screen = on_a_terminal("report", str(EXAMPLE), "-o", str(tmp_path / "report"))
    assert code == 0, screen
    assert re.search(r"\| 1/1 \[\d\d:\d\d<\d\d:\d\d", screen), screen
    assert f"wrote 1 statement page and {tmp_path / 'report' / 'index.html'}" in screen


def test_a_document_without_chinese_text_gives_a_warning(tmp_path):
    english = tmp_path / "english.txt"
    english.write_text("The two sides agreed to deepen cooperation.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(english), "--format", "jsonl"])
    assert result.exit_code == 0
    assert f"communique: {english}: warning: no Chinese text" in result.stderr
    assert json.loads(result.stdout)["entities"] == []


def test_version():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"communique {version('communique')}\n"


def commands(group=None, path=()):
    """Every (sub-)command of ``communique``, with its path of names."""
    group = group or get_command(app)
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from commands(command, (*path, name))
        else:
            yield (*path, name)


@pytest.mark.parametrize("path", list(commands()), ids=" ".join)
def test_help_reads_as_a_person_writes_it(path):
    """No Python types (<list[str]>, <bool>, <str>, <int>), no {paths}... in the usage line: arguments as PATH...,
    choices as <a|b>, defaults as [default: …]."""
    result = CliRunner().invoke(app, [*path, "--help"], terminal_width=120)
    assert result.exit_code == 0
    for python_type in ("<list[", "<bool>", "<str>", "<int>", "<float>", "<path>", "{"):
        assert python_type not in result.stdout, f"communique {' '.join(path)} --help shows {python_type}"


def test_extract_help_names_arguments_choices_and_defaults():
    result = CliRunner().invoke(app, ["extract", "--help"], prog_name="communique", terminal_width=120)
    assert result.stdout.startswith("Usage: communique extract [OPTIONS] PATH...\n")
    assert "--format <jsonl|csv|plover>" in result.stdout
    assert "--engine <local|dask>" in result.stdout and "[default: local]" in result.stdout
    assert "20 MB = 20971520" in result.stdout
    diff = CliRunner().invoke(app, ["diff", "--help"], prog_name="communique", terminal_width=120)
    assert diff.stdout.startswith("Usage: communique diff [OPTIONS] OLD NEW\n")
