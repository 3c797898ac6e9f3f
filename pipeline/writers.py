"""Writers: records to JSONL (one record per line), written so that a killed run never leaves half a line."""

from __future__ import annotations

import json
from typing import IO, Any


def record_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


class JsonlWriter:
    """Appends whole lines and flushes after each, so a reader never sees a partial record."""

    def __init__(self, handle: IO[str]) -> None:
        self.handle = handle

    def write(self, record: dict[str, Any]) -> None:
        self.handle.write(record_line(record))
        self.handle.flush()
