"""The printer test page staff print from the staff page: one A4 page that shows the printer works and the
kiosk's font prints every letter (å ä ö Å Ä Ö), with where and when it was printed. Nothing about any
resident is on it. The texts come translated (``_()`` at the caller's language).
"""

from __future__ import annotations

import io
from datetime import datetime

from kiosk import __version__
from kiosk.i18n import _
from kiosk.takehome.fonts import register
from kiosk.takehome.settings import TakeHomeSettings, resolved_backend


def render_test_page(*, now: datetime, settings: TakeHomeSettings, backend: str | None = None) -> bytes:
    """The test page as PDF bytes, in the current language (invariant: the same inputs give the same bytes).
    ``backend`` names the backend that prints it (default: the one the settings resolve to here)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    regular, bold = register()
    buffer = io.BytesIO()
    pdf = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    pdf.setTitle(_("Printer test page"))
    pdf.setAuthor("hyte-kiosk")
    pdf.setCreator("hyte-kiosk")
    width, height = A4
    x, y = 20 * mm, height - 30 * mm
    pdf.setFont(bold, 26)
    pdf.drawString(x, y, _("Printer test page"))
    y -= 16 * mm
    pdf.setFont(regular, 14)
    lines = [
        _("If you can read this page, the kiosk's printer works."),
        _("Printed: {when}").format(when=now.strftime("%d.%m.%Y %H:%M")),
        _("Meeting point: {name}").format(name=settings.meeting_point or "—"),
        _("Print backend: {backend}").format(backend=(backend or resolved_backend(settings))
                                              + (f" ({settings.print_queue})" if settings.print_queue else "")),
        f"hyte-kiosk {__version__}",
        "",
        "ÅÄÖ åäö — Hyvinvointikioski · Välmåendekiosk · Wellbeing kiosk",
        "0123456789  ✓",
    ]
    for line in lines:
        pdf.drawString(x, y, line)
        y -= 9 * mm
    # A frame 10 mm in from each edge: a cut-off side shows the paper or margins are wrong.
    pdf.setLineWidth(1)
    pdf.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    pdf.setFont(regular, 10)
    pdf.drawString(x, 14 * mm, _("The frame should show on all four sides."))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


__all__ = ["render_test_page"]
