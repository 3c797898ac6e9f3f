"""A partner as people write it (UZB, uzb, 乌兹别克斯坦, 乌兹别克斯坦共和国, 烏茲別克斯坦, 东盟, ASEAN) -> the code the store
keeps in ``parties``, ``actors`` and ``recipients``, read from the knowledge base the pipeline normalises states with
(``kb/states.jsonl``, ``kb/group_parties.jsonl``): the same names, designators and group names, no second table.
"""

from __future__ import annotations

from communique.kb import load_kb


class UnknownPartner(ValueError):
    """A partner the knowledge base does not know, or names more than one way; ``str()`` is the one line shown."""


def _candidates(text: str) -> list[str]:
    kb = load_kb()
    groups = set(kb.group_sizes)
    code = text.upper()
    if (code in kb.entries and kb.entries[code].label == "STATE") or code in groups:
        return [code]
    found: list[str] = []
    label, ids = kb.forms.get(text, ("", ()))
    if label == "STATE":
        found.extend(ids)
    for names in (kb.group_parties, kb.group_subjects):
        if text in names and names[text] not in found:
            found.append(names[text])
    return found


def partner_code(text: str) -> str:
    """The alpha-3 code (or group id) of a partner given by code or by name, simplified or traditional; raises
    UnknownPartner for a name the knowledge base does not know or that names several partners (乌方: Uganda,
    Ukraine, Uzbekistan), rather than guessing which one is meant."""
    from communique.script import convert_script

    written = text.strip()
    found = _candidates(written) or _candidates(convert_script(written)[0])
    if len(found) == 1:
        return found[0]
    if found:
        raise UnknownPartner(f"partner {text!r} names {', '.join(sorted(found))}: give one of these codes")
    raise UnknownPartner(
        f"unknown partner {text!r} (give an alpha-3 code such as UZB, a group id such as ASEAN, or a name such as "
        "乌兹别克斯坦)"
    )
