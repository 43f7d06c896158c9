"""Take it home: the resident's list (and staff activity sheets) as a large-print PDF, on paper or as QR
codes for a phone. Every output is a pure core function behind a small interface (no Qt):

- :mod:`kiosk.takehome.settings` — the config's ``[takehome]`` table (meeting point, QR mode, printing);
- :mod:`kiosk.takehome.document` — tray items → a :class:`~kiosk.takehome.document.Document` of texts
  already worded in the chosen language(s), discreet titles applied;
- :mod:`kiosk.takehome.pdf` — a Document → PDF bytes (reportlab, embedded DejaVu, deterministic);
- :mod:`kiosk.takehome.qr` — the list → QR payloads (link or UTF-8 text with ECI) → PNG bytes (segno);
- :mod:`kiosk.takehome.printing` — print backends (CUPS, the Windows print verb, a folder) and their errors;
- :mod:`kiosk.takehome.spool` — the temporary files a print job needs, removed after it and on reset;
- :mod:`kiosk.takehome.sheets` — which items go on a staff activity sheet.
"""
