"""The config's ``[takehome]`` table: where the kiosk stands (for the sheet's header), QR mode and the public
page template, and how to print. Read by :mod:`kiosk.config` with line-numbered errors; documented in
``docs/configuration.md``.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from kiosk.contentfile import Node

KEYS = ("meeting_point", "qr_mode", "public_page_template", "print_backend", "print_queue", "print_folder",
        "print_timeout_s")
QR_MODES = ("auto", "link", "text")
BACKENDS = ("auto", "cups", "windows", "folder", "none")
_QUEUE_RE = re.compile(r"^[A-Za-z0-9_.-]{1,127}$")  # CUPS: printable characters, no space, / or #


@dataclass(frozen=True)
class TakeHomeSettings:
    meeting_point: str = ""  # "Kajaanin pääkirjasto": the sheet's header names where it was printed
    qr_mode: str = "auto"  # auto: link when a public page template is set, else text
    public_page_template: str | None = None  # "https://…/lista#{ids}": the ids go after '#'
    print_backend: str = "auto"  # auto: windows on Windows, cups where `lp` exists, else none
    print_queue: str | None = None  # the CUPS queue; None = the system's default printer
    print_folder: Path | None = None  # the folder backend's folder
    print_timeout_s: int = 120  # how long to wait for a print job to complete

    @property
    def link_mode(self) -> bool:
        """Whether QR codes carry links (else the list as text)."""
        if self.qr_mode == "auto":
            return self.public_page_template is not None
        return self.qr_mode == "link"


def check_template(value: str) -> str | None:
    """What is wrong with a public page template, or None: https, ASCII, ``{ids}`` after '#'."""
    if not value.isascii() or any(c.isspace() for c in value):
        return "must be ASCII without spaces (the code stays small and every phone reads it)"
    if not re.match(r"^https://[^/#?\s]+", value):
        return "must start with https://"
    head, sep, fragment = value.partition("#")
    if not sep or "{ids}" not in fragment or "{ids}" in head:
        return "must put {ids} after '#', so the list never reaches a server (https://…/lista#{ids})"
    if value.count("{ids}") != 1 or re.search(r"\{(?!ids\})", value):
        return "may hold {ids} once and no other {…}"
    return None


def read_takehome(node: Node, folder: Path) -> TakeHomeSettings:
    node.known(KEYS)
    d = TakeHomeSettings()
    template: str | None = None
    if "public_page_template" in node:
        template = node.text("public_page_template", what="an https:// address in quotes")
        problem = check_template(template)
        if problem:
            raise node.fail(f"{template!r} {problem}", "public_page_template")
    qr_mode = node.choice("qr_mode", QR_MODES, d.qr_mode)
    if qr_mode == "link" and template is None:
        raise node.fail('qr_mode = "link" needs public_page_template', "qr_mode")
    backend = node.choice("print_backend", BACKENDS, d.print_backend)
    queue: str | None = None
    if "print_queue" in node:
        queue = node.text("print_queue", pattern=_QUEUE_RE, what="a CUPS queue name (letters, digits, _ . -)")
    out_folder: Path | None = None
    if "print_folder" in node:
        raw = Path(node.text("print_folder", what="a folder path in quotes")).expanduser()
        out_folder = raw if raw.is_absolute() else folder / raw
    if backend == "folder" and out_folder is None:
        raise node.fail('print_backend = "folder" needs print_folder', "print_backend")
    return TakeHomeSettings(
        meeting_point=node.text("meeting_point", "", empty=True),
        qr_mode=qr_mode,
        public_page_template=template,
        print_backend=backend,
        print_queue=queue,
        print_folder=out_folder,
        print_timeout_s=node.integer("print_timeout_s", 10, 3600, d.print_timeout_s),
    )


def resolved_backend(settings: TakeHomeSettings, *, platform: str = sys.platform,
                     has_lp: bool | None = None) -> str:
    """The backend ``auto`` stands for on this machine: windows, cups (when ``lp`` exists) or none."""
    if settings.print_backend != "auto":
        return settings.print_backend
    if platform.startswith("win"):
        return "windows"
    if has_lp is None:
        import shutil

        has_lp = shutil.which("lp") is not None
    return "cups" if has_lp else "none"
