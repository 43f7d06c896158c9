"""A real HTTP server on 127.0.0.1 that records what is POSTed to it (the flags' address, Matomo).

``status`` is what it answers (a test sets 503 to play a server that refuses); every request is kept in
``requests`` as ``(path, headers, body bytes)``. ``stop()`` closes the port, so a client sees a refused
connection, as when the kiosk is offline.
"""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.local_server import LocalServer


class RecordingServer(LocalServer):
    methods = ("POST",)

    def __init__(self, port: int = 0) -> None:
        self.requests: list[tuple[str, dict[str, str], bytes]] = []
        self.status = 200
        self.answer: bytes = b'{"status":"success"}'
        super().__init__(port)

    def handle(self, req: BaseHTTPRequestHandler) -> None:
        length = int(req.headers.get("Content-Length") or 0)
        body = req.rfile.read(length)
        self.requests.append((req.path, {k.lower(): v for k, v in req.headers.items()}, body))
        req.send_response(self.status)
        req.send_header("Content-Type", "application/json")
        req.send_header("Content-Length", str(len(self.answer)))
        req.end_headers()
        req.wfile.write(self.answer)

    def json_bodies(self) -> list[Any]:
        return [json.loads(body) for _path, _headers, body in self.requests]
