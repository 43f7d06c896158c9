"""A static-file server on 127.0.0.1 for the fleet tests: serves one folder as a county's web server would,
with HTTP Range requests (206 + Content-Range), and can cut the body of the next response off after a
number of bytes (the connection closes mid-body, as a dropped mobile link does)."""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from tests.local_server import LocalServer

_RANGE_RE = re.compile(r"^bytes=(\d+)-$")


class StaticServer(LocalServer):
    def __init__(self, root: Path) -> None:
        self.root = root
        self.log: list[tuple[str, str | None]] = []  # (path, Range header)
        self.cut_after: dict[str, int] = {}  # file name -> bytes of the next body to send before closing
        self.ranges = True  # False: ignore Range, as some servers do
        self.once: dict[str, bytes] = {}  # file name -> the body of its next response only (a file being replaced)
        self._lock = threading.Lock()
        super().__init__()

    @property
    def url(self) -> str:
        return super().url + "/"

    def handle(self, req: BaseHTTPRequestHandler) -> None:
        self._handle(req)

    def requests_for(self, name: str) -> list[str | None]:
        return [r for p, r in self.log if p == "/" + name]

    def _handle(self, req: BaseHTTPRequestHandler) -> None:
        name = req.path.lstrip("/")
        header = req.headers.get("Range")
        with self._lock:
            self.log.append((req.path, header))
            cut = self.cut_after.pop(name, None)
            once = self.once.pop(name, None)
        path = self.root / name
        if "/" in name or not name or not path.is_file():
            req.send_response(404)
            req.send_header("Content-Length", "0")
            req.end_headers()
            return
        body = path.read_bytes() if once is None else once
        start = 0
        match = _RANGE_RE.match(header or "") if self.ranges else None
        if match and int(match.group(1)) >= len(body):
            req.send_response(416)
            req.send_header("Content-Range", f"bytes */{len(body)}")
            req.send_header("Content-Length", "0")
            req.end_headers()
            return
        if match:
            start = int(match.group(1))
            req.send_response(206)
            req.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        else:
            req.send_response(200)
        req.send_header("Content-Length", str(len(body) - start))
        req.end_headers()
        part = body[start:]
        if cut is not None:
            req.wfile.write(part[:cut])
            req.wfile.flush()
            req.close_connection = True
            return
        req.wfile.write(part)
