"""A real HTTP server on 127.0.0.1 for tests and the benchmark: routes plus injectable faults.

Routes map a path to a handler ``handler(query: dict[str, list[str]]) -> Reply``. Faults are queued per
path prefix and consumed one per request, so a test can say "the next request to /service/search answers
503 twice, then works" or "cut the body off half-way". Every request is recorded in ``server.log``.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.local_server import LocalServer


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
        return cls(status, json.dumps(data, ensure_ascii=False).encode(), {"Content-Type": "application/json", **(headers or {})})


@dataclass
class Fault:
    """One injected misbehaviour. ``kind`` is one of: ``status`` (answer ``status`` with ``headers``),
    ``truncate`` (send half the real body, declared full length, then close), ``delay`` (sleep ``seconds``
    before answering normally), ``garbage`` (answer ``status``, 200 by default for it, with ``body``),
    ``trickle`` (send the real body one byte every ``seconds``)."""

    kind: str
    status: int = 503
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    body: bytes = b""


Handler = Callable[[dict[str, list[str]]], Reply]


class FakeServer(LocalServer):
    def __init__(self, port: int = 0) -> None:
        """``port``: 0 for any free one; a test that stops a server and starts another in its place
        passes the first one's port."""
        self.routes: dict[str, Handler] = {}
        self.faults: dict[str, deque[Fault]] = {}
        self.log: list[tuple[str, dict[str, list[str]], dict[str, str]]] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()  # ends an injected delay at once when the server stops
        super().__init__(port)

    def handle(self, req: BaseHTTPRequestHandler) -> None:
        self._handle(req)

    def stop(self) -> None:
        self._stopping.set()
        super().stop()

    def route(self, path: str, handler: Handler) -> None:
        self.routes[path] = handler

    def add_fault(self, path_prefix: str, fault: Fault, times: int = 1) -> None:
        with self._lock:
            self.faults.setdefault(path_prefix, deque()).extend([fault] * times)

    def requests_to(self, path_prefix: str) -> list[dict[str, list[str]]]:
        return [q for p, q, _h in self.log if p.startswith(path_prefix)]

    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for prefix, queue in self.faults.items():
                if path.startswith(prefix) and queue:
                    return queue.popleft()
        return None

    def _handle(self, req: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(req.path)
        query = parse_qs(parts.query, keep_blank_values=True)
        with self._lock:
            self.log.append((parts.path, query, {k.lower(): v for k, v in req.headers.items()}))
        fault = self._take_fault(parts.path)
        if fault and fault.kind == "delay":
            self._stopping.wait(fault.seconds)  # the server answers late (a slow PTV), or at once on stop
            fault = None
        if fault and fault.kind == "status":
            self._send(req, Reply(fault.status, b'{"title":"injected"}', {"Content-Type": "application/json", **fault.headers}))
            return
        if fault and fault.kind == "garbage":
            status = fault.status if fault.status != 503 else 200
            self._send(req, Reply(status, fault.body, {"Content-Type": "application/json", **fault.headers}))
            return
        handler = self.routes.get(parts.path)
        reply = handler(query) if handler else Reply.json({"title": "Not Found", "status": 404}, status=404)
        if fault and fault.kind == "trickle":
            self._trickle(req, reply, fault.seconds)
            return
        if fault and fault.kind == "truncate":
            req.send_response(reply.status)
            for key, value in reply.headers.items():
                req.send_header(key, value)
            req.send_header("Content-Length", str(len(reply.body)))
            req.end_headers()
            req.wfile.write(reply.body[: len(reply.body) // 2])
            req.wfile.flush()
            req.close_connection = True
            return
        self._send(req, reply)

    def _trickle(self, req: BaseHTTPRequestHandler, reply: Reply, seconds: float) -> None:
        req.send_response(reply.status)
        req.send_header("Content-Length", str(len(reply.body)))
        req.end_headers()
        try:
            for i in range(len(reply.body)):
                if self._stopping.wait(seconds):
                    break
                req.wfile.write(reply.body[i : i + 1])
                req.wfile.flush()
        except OSError:  # the client gave up
            pass
        req.close_connection = True

    @staticmethod
    def _send(req: BaseHTTPRequestHandler, reply: Reply) -> None:
        req.send_response(reply.status)
        for key, value in reply.headers.items():
            req.send_header(key, value)
        req.send_header("Content-Length", str(len(reply.body)))
        req.end_headers()
        req.wfile.write(reply.body)
