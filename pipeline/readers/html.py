"""Web pages: the statement a page publishes, not the page (menus, breadcrumbs, share bars, related links, footers).

Parsing follows HTML5 (selectolax's lexbor engine), so optional tags (no ``</head>``, no ``</p>``) mean what a
browser makes of them. The main content is found in three steps:

1. the content containers of the main Chinese publishing systems (TRS editors, the foreign ministry's, the
   government portal's, Xinhua's and People's Daily's article bodies, schema.org ``articleBody``);
2. readability-lxml's main-content scoring on the page with its navigation and boilerplate removed (chosen over
   trafilatura by measurement: ``benchmarks/inputs.py``);
3. else the whole page's visible text, with a warning.

Every step is linear in the page's size: the text is collected by one iterative walk of the tree, and nesting
deeper than ``MAX_DEPTH`` is flattened before parsing (an HTML5 parser checks the stack of open elements at each
start tag, which is quadratic in depth; browsers cap depth the same way).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from readability import Document
from selectolax.lexbor import LexborHTMLParser, LexborNode

# Containers of the publishing systems statements come from, most specific first. A selector wins when one of
# its elements holds at least MIN_ARTICLE_CHARS characters; every such element (not inside another) is an article.
CONTENT_SELECTORS = (
    ".TRS_UEDITOR",  # TRS WCM's editor: the foreign ministry, embassies, most government sites
    ".TRS_Editor",
    ".Custom_UnionStyle",  # older TRS pages
    "#News_Body_Txt_A",  # the foreign ministry's article body
    "#UCAP-CONTENT",  # the government portal (gov.cn)
    ".pages_content",
    "#p-detail",  # Xinhua
    "#detail",
    ".rm_txt_zt",  # People's Daily online
    ".rm_txt_con",
    "#rwb_zw",
    "#ozoom",  # People's Daily e-paper
    "#zoom",  # provincial government sites
    '[itemprop="articleBody"]',  # schema.org microdata (Hong Kong, Taiwan and most international outlets)
)
MIN_ARTICLE_CHARS = 40
# readability's choice is taken when it keeps this many characters of paragraph text (shorter picks are menus).
MIN_READABILITY_CHARS = 80
MAX_DEPTH = 200  # below libxml2's 256, which readability-lxml parses with

BLOCK_TAGS = frozenset(
    "p div br h1 h2 h3 h4 h5 h6 li tr td th section article main blockquote pre table ul ol dl dd dt "
    "header footer nav aside figure figcaption address hr center form fieldset details summary".split()
)
DROP_TAGS = (
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "aside",
    "noscript",
    "template",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "textarea",
)
# class/id tokens of page furniture that sits inside or next to article bodies
_NOISE_TOKENS = frozenset(
    "ad ads advert advertisement edit editor articleedit byline breadcrumb breadcrumbnav location route path "
    "tags tag comment comments toolbar print_bar print related related_news relatednews recommend".split()
)
_NOISE_PREFIXES = ("share", "box_share", "bdshare", "ad-", "ad_", "related", "recommend", "print", "comment")
# editor credits and news-agency datelines (新华社利马11月15日电) alone on a line: the publisher's, not the statement's
_EDITOR_LINE = re.compile(
    r"^[（(【\[]?\s*(?:责编|责任编辑|責任編輯|編輯|纠错|糾錯)"
    r"|^[（(]?\s*(?:新华社|新華社|中新社|中通社)\S{0,12}?\d{1,2}月\d{1,2}日(?:专)?电\s*[）)]?$"
)

_TITLE_SEPARATORS = re.compile(r"\s*(?:[_｜|]|--|\s[-–—]\s)\s*")
_DATE = re.compile(r"((?:19|20)\d{2})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})")
_DATE_METAS = (
    'meta[property="article:published_time"]',
    'meta[name="PubDate"]',
    'meta[name="pubdate"]',
    'meta[name="publishdate"]',
    'meta[name="firstpublishedtime"]',
    'meta[name="published_time"]',
    'meta[itemprop="datePublished"]',
    'meta[name="date"]',
)
_NO_MAIN_CONTENT = "no main content found: the whole page's text is used"
_FULL_PAGE = re.compile(r"<(?:html|head|body)\b", re.I)

# tags as tokens, with the raw-text elements and comments matched whole so that markup inside them is skipped;
# each alternative ends at the end of the input when unclosed, so a broken page is still one linear pass
_TAG_TOKENS = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|textarea|title)\b.*?(?:</\1\s*>|\Z)|<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>",
    re.S | re.I,
)
_VOID_OR_AUTOCLOSED = frozenset(
    "area base br col embed hr img input link meta source track wbr param html head body "
    "p li dt dd option optgroup tr td th thead tbody tfoot rb rt rp colgroup caption".split()
)


@dataclass
class Article:
    """One article found on a page: its title and its text, paragraphs separated by blank lines."""

    title: str | None
    text: str


@dataclass
class Page:
    """What a page gives: its articles (one for most pages) and its source metadata."""

    articles: list[Article]
    title: str | None = None
    url: str | None = None
    published: str | None = None
    warnings: list[str] = field(default_factory=list)


def limit_depth(html: str, max_depth: int = MAX_DEPTH) -> str:
    """Flatten nesting deeper than ``max_depth``: deeper start and end tags become ``<br>``, keeping the text and
    its block breaks. Only tags that must be closed explicitly count; one pass over the tags."""
    depth = 0
    stacks: dict[str, list[bool]] = {}
    pieces: list[str] = []
    last = 0
    changed = False
    for match in _TAG_TOKENS.finditer(html):
        name = match.group(3)
        if name is None:
            continue
        name = name.lower()
        if name in _VOID_OR_AUTOCLOSED:
            continue
        stack = stacks.setdefault(name, [])
        if match.group(2):  # end tag
            if not stack:
                continue
            kept = stack.pop()
            if kept:
                depth -= 1
                continue
        elif depth < max_depth:
            stack.append(True)
            depth += 1
            continue
        else:
            stack.append(False)
        pieces.append(html[last : match.start()])
        pieces.append("<br>")
        last = match.end()
        changed = True
    if not changed:
        return html
    pieces.append(html[last:])
    return "".join(pieces)


def block_text(node: LexborNode) -> str:
    """Visible text under ``node``, a blank line between blocks, whitespace inside a block collapsed.

    One iterative walk (no recursion, so any depth), never touching the tree."""
    parts: list[str] = []
    stack: list[tuple[LexborNode, bool]] = [(node, False)]
    while stack:
        current, leaving = stack.pop()
        tag = current.tag
        if leaving:
            parts.append("\n\n")
            continue
        if tag == "-text":
            parts.append(current.text_content or "")
            continue
        if tag in ("-comment", "script", "style", "template", "noscript"):
            continue
        block = tag in BLOCK_TAGS
        if block:
            parts.append("\n\n")
            stack.append((current, True))
        children = []
        child = current.child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend((child, False) for child in reversed(children))
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    paragraphs = [line for line in lines if line and not _EDITOR_LINE.match(line)]
    return "\n\n".join(paragraphs)


def _attr(tree: LexborHTMLParser, selector: str, name: str) -> str | None:
    node = tree.css_first(selector)
    value = node.attributes.get(name) if node is not None else None
    return " ".join(value.split()) if value and value.strip() else None


def _heading_text(node: LexborNode | None) -> str | None:
    if node is None:
        return None
    text = " ".join(node.text(deep=True).split())
    return text or None


def strip_site_suffix(title: str) -> str:
    """``中…联合声明_中华人民共和国外交部`` → ``中…联合声明``; also ``（全文）-新华网`` and ``--国际--人民网``."""
    first = _TITLE_SEPARATORS.split(title.strip())[0]
    # a bare hyphen before a site name without digits (not the one in 2022-2024)
    cut = re.match(r"^(.*\S)-(?=[^-\d]+$)", first)
    return (cut.group(1) if cut else first).strip() or title.strip()


def _page_title(tree: LexborHTMLParser) -> str | None:
    title = _heading_text(tree.css_first("title"))
    bare = strip_site_suffix(title) if title else None
    heading = _heading_text(tree.css_first("h1"))
    if heading is None and bare:
        # a page without <h1> (embassy sites use <h2>): the heading that the <title> starts with
        for node in tree.css("h2, h3, .title, .article_title"):
            text = _heading_text(node)
            if text and (text == bare or bare.startswith(text) or text.startswith(bare)):
                heading = text
                break
    return heading or _attr(tree, 'meta[property="og:title"]', "content") or bare


def iso_date(text: str | None) -> str | None:
    """The first date in ``text`` as YYYY-MM-DD (``2025-06-03-20:33:12``, ``2025年01月16日08:21``, ISO 8601)."""
    if not text:
        return None
    match = _DATE.search(text)
    if not match:
        return None
    year, month, day = (int(group) for group in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _published(tree: LexborHTMLParser, date_line: str) -> str | None:
    for selector in _DATE_METAS:
        found = iso_date(_attr(tree, selector, "content"))
        if found:
            return found
    time = tree.css_first("time[datetime]")
    if time is not None:
        found = iso_date(time.attributes.get("datetime"))
        if found:
            return found
    match = re.search(r'"datePublished"\s*:\s*"([^"]+)"', date_line)
    return iso_date(match.group(1)) if match else iso_date(date_line)


def _remove_furniture(tree: LexborHTMLParser) -> None:
    """Navigation, scripts, forms and the classes/ids of share bars, ads, editor lines and related links."""
    for node in tree.css(", ".join(DROP_TAGS)):
        node.decompose()
    for node in tree.css("[class], [id]"):
        tokens = (node.attributes.get("class") or "").lower().split()
        tokens.append((node.attributes.get("id") or "").lower())
        if any(token in _NOISE_TOKENS or token.startswith(_NOISE_PREFIXES) for token in tokens if token):
            node.decompose()


def _outermost(nodes: list[LexborNode]) -> list[LexborNode]:
    """Nodes not inside another of ``nodes``."""
    ids = {node.mem_id for node in nodes}
    kept = []
    for node in nodes:
        parent = node.parent
        while parent is not None and parent.mem_id not in ids:
            parent = parent.parent
        if parent is None:
            kept.append(node)
    return kept


def _preceding_heading(node: LexborNode) -> str | None:
    """The heading just before a container (pages that carry several articles title each one)."""
    sibling = node.prev
    while sibling is not None:
        if sibling.tag in ("h1", "h2", "h3", "h4"):
            return _heading_text(sibling)
        if sibling.tag != "-text" and (sibling.text(deep=True) or "").strip():
            return None
        sibling = sibling.prev
    return None


def _known_containers(tree: LexborHTMLParser) -> list[Article] | None:
    for selector in CONTENT_SELECTORS:
        nodes = [node for node in tree.css(selector)]
        articles = []
        for node in _outermost(nodes):
            text = block_text(node)
            if len(text) >= MIN_ARTICLE_CHARS:
                articles.append(Article(_preceding_heading(node), text))
        if articles:
            return articles
    return None


def _readability(html: str) -> Article | None:
    try:
        summary = Document(html).summary(html_partial=True)
    except Exception:  # noqa: BLE001 - readability gives up on some pages; the whole page is the fallback
        return None
    text = block_text(LexborHTMLParser(summary).root)
    return Article(None, text) if len(text) >= MIN_READABILITY_CHARS else None


def _with_title(title: str | None, text: str) -> str:
    """The statement's title leads its text (party detection reads it there), unless the text already does."""
    if not title or text.startswith(title):
        return text
    return f"{title}\n\n{text}"


def read_page(html: str) -> Page:
    """The articles of a page (usually one) with the page's title, canonical URL and publication date."""
    html = limit_depth(html)
    tree = LexborHTMLParser(html)
    title = _page_title(tree)
    url = _attr(tree, 'link[rel="canonical"]', "href") or _attr(tree, 'meta[property="og:url"]', "content")
    head_text = " ".join(
        node.text(deep=True) for node in tree.css(".time, .pages-date, .header-time, .col-1-1")
    )
    scripts = " ".join(node.text(deep=True) for node in tree.css('script[type="application/ld+json"]'))
    published = _published(tree, scripts + " " + head_text)
    _remove_furniture(tree)
    page = Page([], title=title, url=url, published=published)
    found = _known_containers(tree)
    if found is None:
        article = _readability(tree.html or "")
        found = [article] if article is not None else None
    if found is None:
        body = tree.body if tree.body is not None else tree.root
        found = [Article(None, block_text(body))]
        if _FULL_PAGE.search(html):  # a fragment (<p>…</p>, as pasted) is all content: nothing to warn about
            page.warnings.append(_NO_MAIN_CONTENT)
    if len(found) == 1:
        found[0].title = found[0].title or title
    for article in found:
        article.title = article.title or title
        article.text = _with_title(article.title, article.text) if article.text else ""
    page.articles = [article for article in found if article.text]
    return page
