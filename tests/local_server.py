"""The part every test server shares: a real threaded HTTP server on 127.0.0.1 that hands each request of
the given methods to :meth:`LocalServer.handle`, started and stopped by the test (or as a context manager).

Port 0 takes any free port; a test that stops a server and starts another in its place passes the first
one's :attr:`port`. After :meth:`stop` the port is closed, so a client sees a refused connection, as when
the kiosk is offline.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self


class LocalServer:
    methods: tuple[str, ...] = ("GET",)

    def __init__(self, port: int = 0) -> None:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
                return

        for method in self.methods:
            setattr(_Handler, f"do_{method}", lambda req: server.handle(req))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def handle(self, req: BaseHTTPRequestHandler) -> None:
        raise NotImplementedError

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    def start(self) -> Self:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


__all__ = ["LocalServer"]
