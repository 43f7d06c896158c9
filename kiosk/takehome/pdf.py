"""A take-home :class:`~kiosk.takehome.document.Document` as an A4 PDF in clear print (reportlab).

Body 16 pt (20 pt with ``large``), headings 22–24 pt, phones in heading size, line spacing 1.5, left
aligned and never justified, no capitals or italics, black on white. One font, DejaVu Sans, embedded;
the document is given it as its initial font, so reportlab's unembedded Helvetica never appears.
``invariant`` output: the same document gives the same bytes (tests compare them), and nothing of a
moment or a machine is written into the file besides the date the document itself shows.

Each entry: its number and title, then organiser, address, next opening, hours, phones, price, languages,
accessibility and cards/referrals — the same order for every entry — with a small QR code at its side
(the entry's ``link``). Every page ends with the emergency number and a crisis line; the support contacts
follow the entries, and the picture of the self-assessment answers only when the document has one.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from kiosk.model import TrayItem
from kiosk.takehome.document import Document, Entry, ListOptions, Request, build_document
from kiosk.takehome.fonts import register
from kiosk.takehome.settings import TakeHomeSettings

MM = 72 / 25.4
PAGE_W, PAGE_H = 595.2756, 841.8898  # A4 in points
MARGIN = 20 * MM
FOOTER_H = 26 * MM
QR_SIDE = 30 * MM


@dataclass(frozen=True)
class Sizes:
    body: float
    heading: float
    title: float

    @property
    def leading(self) -> float:
        return self.body * 1.5


NORMAL = Sizes(body=16, heading=22, title=24)
LARGE = Sizes(body=20, heading=24, title=24)


def _styles(sizes: Sizes) -> dict[str, Any]:
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    regular, bold = register()

    def style(name: str, font: str, size: float, before: float = 0, after: float = 0) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.5, alignment=TA_LEFT,
                              spaceBefore=before, spaceAfter=after, textColor="#000000", wordWrap=None)

    return {
        "title": style("title", bold, sizes.title, after=4),
        "header": style("header", regular, sizes.body),
        "heading": style("heading", bold, sizes.heading, before=6, after=2),
        "body": style("body", regular, sizes.body),
        "phone": style("phone", bold, sizes.heading),
        "footer": style("footer", regular, 14),
        "caption": style("caption", regular, 11),
    }


def _p(text: str, style: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text), style)


def _labelled(label: str, text: str, styles: dict[str, Any]) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(f"<b>{escape(label)}:</b> {escape(text)}", styles["body"])


def qr_flowable(payload: str, side: float, caption: str, style: Any) -> Any:
    """A QR code drawn as vector squares (no image), with a caption under it."""
    import segno
    from reportlab.platypus import Flowable, Paragraph

    code = segno.make(payload, error="m", micro=False)
    rows = [list(row) for row in code.matrix_iter(border=2)]
    label = Paragraph(escape(caption), style)

    class Qr(Flowable):  # type: ignore[misc]
        def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
            self._label_h = label.wrap(side, avail_h)[1]
            return side, side + self._label_h

        def _restrictSize(self, avail_w: float, avail_h: float) -> tuple[float, float]:  # noqa: N802 - reportlab name
            return self.wrap(avail_w, avail_h)  # ImageAndFlowables asks its picture this

        def _unRestrictSize(self) -> None:  # noqa: N802 - reportlab name
            """Nothing to undo: the code keeps its size."""

        def draw(self) -> None:
            canvas = self.canv
            cell = side / len(rows)
            canvas.setFillColor("#000000")
            top = self._label_h + side
            for r, row in enumerate(rows):
                c = 0
                while c < len(row):
                    if row[c]:
                        start = c
                        while c < len(row) and row[c]:
                            c += 1
                        canvas.rect(start * cell, top - (r + 1) * cell, (c - start) * cell, cell, stroke=0, fill=1)
                    else:
                        c += 1
            label.drawOn(canvas, 0, 0)

    return Qr()


def _entry_lines(entry: Entry, doc: Document, styles: dict[str, Any]) -> list[Any]:
    lab = doc.labels
    out: list[Any] = [_p(f"{entry.number}. {entry.title}", styles["heading"])]
    if entry.organiser:
        out.append(_p(entry.organiser, styles["body"]))
    if entry.address:
        out.append(_labelled(lab.address, entry.address, styles))
    if entry.next_opening:
        out.append(_p(entry.next_opening, styles["body"]))
    if entry.hours:
        out.append(_labelled(lab.hours, "; ".join(entry.hours), styles))
    for phone in entry.phones:
        out.append(_p(f"{lab.phone}: {phone}", styles["phone"]))
    out.append(_labelled(lab.cost, entry.cost, styles))
    if entry.languages:
        out.append(_labelled(lab.languages, entry.languages, styles))
    if entry.accessibility:
        out.append(_labelled(lab.accessibility, entry.accessibility, styles))
    for line in entry.programmes:
        out.append(_labelled(lab.programmes, line, styles))
    return out


def _entry(entry: Entry, doc: Document, styles: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import HRFlowable, ImageAndFlowables, Spacer

    lines = _entry_lines(entry, doc, styles)
    block: Any
    if entry.link:
        qr = qr_flowable(entry.link, QR_SIDE, doc.labels.scan, styles["caption"])
        block = ImageAndFlowables(qr, lines, imageSide="right", imageLeftPadding=6 * MM, imageTopPadding=4 * MM)
    else:
        block = lines
    rule = HRFlowable(width="100%", thickness=1, color="#000000", spaceBefore=8, spaceAfter=4)
    return [*(block if isinstance(block, list) else [block]), Spacer(1, 4), rule]


def _answers(doc: Document, styles: dict[str, Any], width: float) -> list[Any]:
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image, KeepTogether

    if not doc.answers_heading:
        return []
    out: list[Any] = [_p(doc.answers_heading, styles["heading"])]
    if doc.answers_picture is not None:
        reader = ImageReader(io.BytesIO(doc.answers_picture))
        w, h = reader.getSize()
        scale = min(width / w, 110 * MM / h, 1.0 if w >= width / 2 else width / 2 / w)
        out.append(Image(io.BytesIO(doc.answers_picture), width=w * scale, height=h * scale, hAlign="LEFT"))
    out += [_p(words, styles["body"]) for words in doc.answers_words]
    return [KeepTogether(out)]  # the heading never stands alone at the foot of a page


def story(doc: Document, styles: dict[str, Any], width: float) -> list[Any]:
    """Every flowable of the document, in order."""
    out: list[Any] = [_p(doc.title, styles["title"])]
    out += [_p(line, styles["header"]) for line in doc.header if line]
    from reportlab.platypus import HRFlowable

    out.append(HRFlowable(width="100%", thickness=2, color="#000000", spaceBefore=6, spaceAfter=4))
    for entry in doc.entries:
        out += _entry(entry, doc, styles)
    if not doc.entries:
        out.append(_p(doc.empty, styles["body"]))
    out += _answers(doc, styles, width)
    out.append(_p(doc.help_heading, styles["heading"]))
    out += [_p(line, styles["body"]) for line in doc.help_lines]
    return out


def _footer(doc: Document, style: Any) -> Any:
    def draw(canvas: Any, _template: Any) -> None:
        from reportlab.platypus import Paragraph

        canvas.saveState()
        canvas.setStrokeColor("#000000")
        canvas.line(MARGIN, FOOTER_H, PAGE_W - MARGIN, FOOTER_H)
        text = Paragraph(f"{escape(doc.footer)} · {canvas.getPageNumber()}", style)
        _w, h = text.wrap(PAGE_W - 2 * MARGIN, FOOTER_H)
        text.drawOn(canvas, MARGIN, FOOTER_H - 4 - h)
        canvas.restoreState()

    return draw


def render_pdf(doc: Document, *, large: bool = False) -> bytes:
    """The document as PDF bytes (A4, deterministic)."""
    from reportlab.platypus import SimpleDocTemplate

    regular, _bold = register()
    styles = _styles(LARGE if large else NORMAL)
    out = io.BytesIO()
    template = SimpleDocTemplate(
        out, pagesize=(PAGE_W, PAGE_H), leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=FOOTER_H + 6 * MM, title=doc.title, author="", subject=" · ".join(doc.header),
        creator="hyte-kiosk", producer="hyte-kiosk", lang=doc.lang, invariant=1,
        initialFontName=regular, initialFontSize=styles["body"].fontSize,
        initialLeading=styles["body"].leading,
    )
    footer = _footer(doc, styles["footer"])
    template.build(story(doc, styles, template.width), onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def render_list(items: Sequence[TrayItem], *, lang: str, now: datetime, settings: TakeHomeSettings,
                options: ListOptions | None = None, answers_picture: bytes | None = None,
                answers_words: tuple[str, ...] = ()) -> bytes:
    """The resident's list as PDF bytes: ``items`` in the order of the screen, worded in ``lang``.

    ``answers_picture`` (PNG bytes the UI drew) and ``answers_words`` (the same said in words) are printed
    only when given and ``options.with_answers`` is set (the resident chose to include them).
    """
    options = options or ListOptions()
    request = Request(
        lang=lang, meeting_point=settings.meeting_point, template=settings.public_page_template,
        bilingual=options.bilingual, discreet=options.discreet,
        answers_picture=answers_picture if options.with_answers else None,
        answers_words=answers_words if options.with_answers else (),
    )
    return render_pdf(build_document(items, request, now), large=options.large)


def page_count(pdf: bytes) -> int:
    """Pages in a PDF this module wrote (for messages such as "2 pages")."""
    return pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page ") or _count_pages(pdf)


def _count_pages(pdf: bytes) -> int:
    import re

    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def render_many(docs: Sequence[Document], *, large: bool = False) -> list[bytes]:
    return [render_pdf(d, large=large) for d in docs]
