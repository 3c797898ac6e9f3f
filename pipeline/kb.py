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
    # bilateral entry id (CSF-PAK, CPEC) -> the partner state it is named for (PAK)
    partners: dict[str, str] = field(default_factory=dict)
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

    def resolve_bilateral(self, entry_id: str, form: str, parties: list[str] | tuple[str, ...]) -> str:
        """See ``resolve_bilateral``."""
        return resolve_bilateral(entry_id, form, parties, self.partners, self.forms)

    def name_of(self, entry_id: str) -> str | None:
        entry = self.entries.get(entry_id)
        return entry.name if entry else None


def resolve_bilateral(
    entry_id: str,
    form: str,
    parties: list[str] | tuple[str, ...],
    partners: dict[str, str],
    forms: dict,
) -> str:
    """The id a bilateral name has in this statement. 中巴命运共同体 is CSF-PAK in a China–Pakistan statement, but
    in a China–Brazil one 巴 names Brazil (巴方 is both): then the id is composed for that party (CSF-BRA) when
    the entry's id ends in its partner's code, else "" (unknown), never Pakistan's. ``partners``: entry id →
    partner; ``forms``: surface form → (label, ids), where the X方 designators are."""
    partner = partners.get(entry_id)
    if not partner or not parties or partner in parties or not form.startswith("中"):
        return entry_id
    designated = forms.get(form[1:2] + "方", ("", ()))[1]
    others = [state for state in designated if state in parties and state != "CHN"]
    if len(others) == 1 and entry_id.endswith("-" + partner):
        return entry_id[: -len(partner)] + others[0]
    return ""


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
            if item.get("partner"):
                kb.partners[entry.id] = item["partner"]
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
