"""Writes the PDF and Word test documents in this folder (and the benchmark's PDFs) from statement paragraphs.

The PDFs are laid out as printed statements are: a running header and a page number on every page, the title on
the first, paragraphs with a two-character indent, broken into lines mid-sentence at a fixed width. Two font set-ups,
as Chinese PDFs have them: an Adobe CID font that is not embedded (STSong-Light, UniGB-UCS2-H) and an embedded
TrueType subset (WenQuanYi Micro Hei, Debian's fonts-wqy-microhei). Needs reportlab (the dev extra).

    python tests/data/documents/make.py     # rewrites the committed files
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
TTF = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
HEADER = "中华人民共和国外交部 · 联合声明文本"
CHARS_PER_LINE = 34

TITLE = "中华人民共和国和乌拉圭东岸共和国联合声明"
PARAGRAPHS = [
    "应中华人民共和国主席习近平邀请，乌拉圭东岸共和国总统奥尔西于2025年11月3日至7日对中国进行国事访问。两国元首在北京举行会谈，"
    "就中乌关系和共同关心的国际和地区问题深入交换意见。",
    "双方一致同意将中乌全面战略伙伴关系提升至新的水平，并决定建立两国外交部战略对话机制。",
    "乌方重申坚定奉行一个中国原则，支持中国政府为实现国家统一所作的努力。中方支持乌方走符合本国国情的发展道路。",
    "双方同意在共建“一带一路”框架下加强农业、基础设施和清洁能源合作，中方欢迎更多乌拉圭优质牛肉和大豆进入中国市场。",
    "双方同意加快推进中乌自由贸易协定联合可行性研究，将双边贸易额在2030年前提升至100亿美元。",
    "双方高度评价在联合国、二十国集团和金砖国家等多边框架内的良好合作，愿共同维护以世界贸易组织为核心的多边贸易体制。",
    "双方欢迎两国签署《中华人民共和国政府和乌拉圭东岸共和国政府关于加强农业合作的谅解备忘录》等合作文件。",
    "乌方感谢中方的热情接待，邀请习近平主席在双方方便的时候再次访问乌拉圭，习近平主席表示感谢。",
]


def _lines(paragraph: str) -> list[str]:
    text = "\u3000\u3000" + paragraph
    return [text[i : i + CHARS_PER_LINE] for i in range(0, len(text), CHARS_PER_LINE)]


def statement_pdf(
    path: Path, title: str, paragraphs: list[str], font: str = "cid", lines_per_page: int = 8
) -> int:
    """Write ``path``; returns the number of pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if font == "cid":
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        name = "STSong-Light"
    else:
        pdfmetrics.registerFont(TTFont("WQY", str(TTF), subfontIndex=0))
        name = "WQY"
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    left, size, leading = 72, 13, 22
    page = 1
    y = height - 130

    def furniture() -> None:
        pdf.setFont(name, 9)
        pdf.drawCentredString(width / 2, height - 50, HEADER)
        pdf.drawCentredString(width / 2, 40, f"— {page} —")
        pdf.setFont(name, size)

    furniture()
    pdf.setFont(name, 16)
    pdf.drawCentredString(width / 2, height - 100, title)
    pdf.setFont(name, size)
    count = 0
    for paragraph in paragraphs:
        for line in _lines(paragraph):
            if count == lines_per_page:
                pdf.showPage()
                page += 1
                furniture()
                y, count = height - 90, 0
            pdf.drawString(left, y, line)
            y -= leading
            count += 1
    pdf.showPage()
    pdf.save()
    return page


def scan_pdf(path: Path) -> None:
    """A page with no text layer: what a scanner makes (here shapes standing in for the picture)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for row in range(30):
        pdf.rect(72, 760 - row * 22, 300 + (row * 37) % 150, 10, fill=1)
    pdf.showPage()
    pdf.save()


def statement_docx(path: Path) -> None:
    """A Word statement: title, paragraphs, a table of the documents signed between two paragraphs, a footer."""
    import docx

    document = docx.Document()
    document.core_properties.created = __import__("datetime").datetime(2025, 11, 7)
    document.sections[0].footer.paragraphs[0].text = "第 1 页"
    document.add_heading(TITLE, level=1)
    for paragraph in PARAGRAPHS[:3]:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=3, cols=2)
    rows = [("文件", "签署方"), ("农业合作谅解备忘录", "两国农业部"), ("经济技术合作协定", "两国政府")]
    for row, (first, second) in zip(table.rows, rows, strict=True):
        row.cells[0].text, row.cells[1].text = first, second
    for paragraph in PARAGRAPHS[3:]:
        document.add_paragraph(paragraph)
    document.save(str(path))


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    statement_pdf(out / "statement-cid.pdf", TITLE, PARAGRAPHS, "cid")
    statement_pdf(out / "statement-ttf.pdf", TITLE, PARAGRAPHS, "ttf")
    scan_pdf(out / "scan.pdf")
    statement_docx(out / "statement.docx")
