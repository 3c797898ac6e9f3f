"""The curated knowledge base: states, organisations, initiatives, places and documents, read from ``kb/*.jsonl``.

Data lives in files so that analysts can extend coverage without touching code; this module only reads them and
builds the surface-form index the rule components match with.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DEFAULT_KB_DIR = Path(__file__).parent / "kb"

# file name -> entity label of its entries
KB_FILES = {
    "states.jsonl": "STATE",
    "organisations.jsonl": "ORG",
    "initiatives.jsonl": "INITIATIVE",
    "locations.jsonl": "LOC",
    "documents.jsonl": "DOC",
    "persons.jsonl": "PERSON",
}


@dataclass(frozen=True)
class Entry:
    id: str
    label: str
    name: str
    forms: tuple[str, ...]


@dataclass
class KnowledgeBase:
    entries: dict[str, Entry] = field(default_factory=dict)
    # surface form -> (label, candidate ids); several ids only for shared X方 designators such as 土方
    forms: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    # state id -> the names that can open a statement's title (formal and short names, aliases)
    state_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # group name (中亚五国) -> member state ids
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # group name (东盟, 中非合作论坛) -> the stable id of a group that issues a statement with China as one party
    group_parties: dict[str, str] = field(default_factory=dict)
    # subject forms (东盟国家, 非方) -> that group id, for actors when the group is a party
    group_subjects: dict[str, str] = field(default_factory=dict)
    # group id -> how many members it has (a statement that names most of them is issued by the states)
    group_sizes: dict[str, int] = field(default_factory=dict)

    def add_form(self, form: str, label: str, entry_id: str) -> None:
        if len(form) < 2:
            return
        known = self.forms.get(form)
        if known is None:
            self.forms[form] = (label, (entry_id,))
        elif known[0] == label and entry_id not in known[1]:
            self.forms[form] = (label, known[1] + (entry_id,))

    def name_of(self, entry_id: str) -> str | None:
        entry = self.entries.get(entry_id)
        return entry.name if entry else None


def _read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _forms(item: dict) -> list[str]:
    names = [item.get("name"), item.get("formal_name"), *item.get("aliases", [])]
    return [name for name in names if name]


@lru_cache(maxsize=4)
def load_kb(kb_dir: str | Path = DEFAULT_KB_DIR) -> KnowledgeBase:
    """Read every knowledge-base file of ``kb_dir``; cached because several components share it."""
    kb_dir = Path(kb_dir)
    kb = KnowledgeBase()
    for file_name, label in KB_FILES.items():
        for item in _read_jsonl(kb_dir / file_name):
            forms = _forms(item)
            designators = item.get("designators", []) if label == "STATE" else []
            entry = Entry(item["id"], label, item.get("name") or forms[0], tuple(forms + designators))
            kb.entries[entry.id] = entry
            for form in entry.forms:
                kb.add_form(form, label, entry.id)
            if label == "STATE":
                kb.state_names[entry.id] = tuple(forms)
    for item in _read_jsonl(kb_dir / "groups.jsonl"):
        for form in _forms(item):
            kb.groups[form] = tuple(item["members"])
    for item in _read_jsonl(kb_dir / "group_parties.jsonl"):
        for form in item["names"]:
            kb.group_parties[form] = item["id"]
        for form in item["subjects"]:
            kb.group_subjects[form] = item["id"]
        kb.group_sizes[item["id"]] = int(item.get("members", 0))
    return kb
