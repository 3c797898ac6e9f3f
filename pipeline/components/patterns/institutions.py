"""Institutions named after a state or place (ORG, or EVENT/INITIATIVE by their head word): 巴西政府,
阿联酋中央银行, 爱尔兰农业、食品和海洋部, 卡拉奇大学孔子学院, 中国国际消费品博览会, 卡拉奇环城铁路项目."""

import re
from collections.abc import Iterator

from communique.components.patterns.common import NAME_CHAR, Match, alternation
from spacy.tokens import Doc

# words ending in a ministry head that name no ministry: parts of a country (北部), headquarters, clubs
NOT_MINISTRIES = [
    "东部",
    "西部",
    "南部",
    "北部",
    "中部",
    "内部",
    "外部",
    "全部",
    "总部",
    "局部",
    "干部",
    "本部",
    "俱乐部",
]


class InstitutionMatcher:
    def __init__(
        self,
        *,
        state_org_suffixes: list[str],
        institution_heads: dict[str, list[str]],
        clause_verbs: list[str],
        ministry_heads: list[str],
    ) -> None:
        self.state_org_suffix = re.compile(alternation(state_org_suffixes) + "(?![门分长队位])")
        self.labels = {head: label for label, heads in institution_heads.items() for head in heads}
        not_verb = "(?!" + alternation(clause_verbs) + ")"
        # the name between the place and the institution word has no verb of the sentence in it (巴基斯坦支持中国银行)
        self.institution = re.compile(
            "(?:" + not_verb + "(?:" + NAME_CHAR + "|[0-9－—-])){0,12}"
            "(?P<head>" + alternation(list(self.labels)) + ")"
        )
        # a ministry or commission of a state, its portfolio joined by 、 and 和 (经济和公共财政部); 部门, 部分 and
        # 部长 are no ministry
        self.ministry = re.compile(
            "(?:" + not_verb + "(?:" + NAME_CHAR + "|[、和])){1,14}?"
            "(?P<head>"
            + alternation(ministry_heads)
            + ")(?![门分长队位])"
            + "".join(f"(?<!{word})" for word in NOT_MINISTRIES)
        )

    def find(self, doc: Doc, text: str) -> Iterator[Match]:
        """A state or place, a name, and an institution word are one name."""
        starts = [ent.start_char for ent in doc.ents if ent.label_ in ("STATE", "LOC")]

        def crosses_a_place(begin: int, end: int) -> bool:
            # …nor another state or place, unless the name joins places (安卡拉至伊斯坦布尔高速铁路):
            # 西班牙参加第二届中国国际进口博览会 is two names
            return any(begin <= start < end and text[start - 1] not in "－—-至" for start in starts)

        for ent in doc.ents:
            if ent.label_ not in ("STATE", "LOC") or ent.text.endswith("方"):
                continue
            organ = self.state_org_suffix.match(text, ent.end_char) if ent.label_ == "STATE" else None
            if organ:
                yield (ent.start_char, organ.end(), "ORG", "")
            elif ent.label_ == "STATE":
                ministry = self.ministry.match(text, ent.end_char)
                if ministry and not crosses_a_place(ent.end_char, ministry.start("head")):
                    yield (ent.start_char, ministry.end(), "ORG", "")
            match = self.institution.match(text, ent.end_char)
            if match and not crosses_a_place(ent.end_char, match.start("head")):
                # a bare 公司 needs a name before it (中国公司 is Chinese companies, 沙特阿美公司 one company)
                if match["head"] == "公司" and match.start("head") - ent.end_char < 2:
                    continue
                yield (ent.start_char, match.end(), self.labels[match["head"]], "")
