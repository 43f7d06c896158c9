"""Careful JSON over HTTP: retries with backoff, ``Retry-After``, a size bound, no secrets in messages.

Every adapter fetches through :func:`get_json` with an injected :class:`httpx.Client`, so tests point the
client at a local server and nothing here patches sockets or time (``sleep`` is injectable).
"""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from kiosk.sources.base import SourceError

MAX_RESPONSE_BYTES = 32 * 1024 * 1024
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER_S = 60.0

ParamValue = str | int | Sequence[str]
Params = Mapping[str, ParamValue | None]


class FetchError(SourceError):
    """A request failed for good (after retries). ``status`` is the last HTTP status, if any."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class RetryPolicy:
    attempts: int = 4
    backoff_s: float = 0.25
    max_backoff_s: float = 8.0
    sleep: Callable[[float], None] = time.sleep

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), MAX_RETRY_AFTER_S)
        return float(min(self.backoff_s * (2**attempt), self.max_backoff_s))


def encode_params(
    params: Params, array_style: str = "repeat"
) -> list[tuple[str, str | int | float | bool | None]]:
    """Flatten params; sequences become repeated keys (``repeat``) or one comma-joined value (``comma``)."""
    out: list[tuple[str, str | int | float | bool | None]] = []
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            if not value:
                continue
            if array_style == "comma":
                out.append((key, ",".join(str(v) for v in value)))
            else:
                out.extend((key, str(v)) for v in value)
        else:
            out.append((key, str(value)))
    return out


def parse_retry_after(value: str | None, now: Callable[[], datetime] | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now() if now else datetime.now(UTC)
    return max((when - current).total_seconds(), 0.0)


def safe_url(url: httpx.URL | str) -> str:
    """The URL without query string or credentials, for messages and logs."""
    u = httpx.URL(str(url))
    return str(u.copy_with(query=None, userinfo=b""))


def _read_bounded(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"{safe_url(response.url)}: response of {declared} bytes is over the {max_bytes}-byte limit")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{safe_url(response.url)}: response is over the {max_bytes}-byte limit")
        chunks.append(chunk)
    return b"".join(chunks)


def get_json(
    client: httpx.Client,
    url: str,
    params: Params | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    array_style: str = "repeat",
    retry: RetryPolicy | None = None,
    max_bytes: int = MAX_RESPONSE_BYTES,
    allow_404: bool = False,
) -> Any:
    """GET ``url`` and return parsed JSON, retrying 429/5xx, timeouts, broken connections and cut-off bodies.

    Raises :class:`FetchError` with a message that names the address (never the query or the API key).
    With ``allow_404`` a 404 answer returns ``None``.
    """
    retry = retry or RetryPolicy()
    query = encode_params(params or {}, array_style)
    last_problem = "no attempt made"
    last_status: int | None = None
    for attempt in range(retry.attempts):
        retry_after: float | None = None
        try:
            with client.stream("GET", url, params=query, headers=dict(headers or {})) as response:
                last_status = response.status_code
                if response.status_code in RETRY_STATUSES:
                    retry_after = parse_retry_after(response.headers.get("retry-after"))
                    last_problem = f"the server answered {response.status_code}"
                elif allow_404 and response.status_code == 404:
                    return None
                elif response.status_code >= 400:
                    detail = _error_detail(_read_bounded(response, 64 * 1024))
                    raise FetchError(
                        f"{safe_url(response.url)}: the server answered {response.status_code}{detail}",
                        status=response.status_code,
                    )
                else:
                    body = _read_bounded(response, max_bytes)
                    try:
                        return json.loads(body)
                    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                        last_problem = f"the answer was not complete JSON ({exc.msg if hasattr(exc, 'msg') else exc})"
        except httpx.TimeoutException:
            last_problem = "the server did not answer in time"
            last_status = None
        except httpx.TransportError as exc:
            last_problem = f"the connection failed ({type(exc).__name__})"
            last_status = None
        if attempt + 1 < retry.attempts:
            retry.sleep(retry.delay(attempt, retry_after))
    raise FetchError(
        f"{safe_url(httpx.URL(url))}: {last_problem}, after {retry.attempts} attempts", status=last_status
    )


def _error_detail(body: bytes) -> str:
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return ""
    if isinstance(data, dict):
        for key in ("detail", "title", "message"):
            value = data.get(key)
            if isinstance(value, str) and value.strip():
                return f" ({value.strip()[:200]})"
    return ""
