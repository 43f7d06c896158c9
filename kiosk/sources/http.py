"""Careful JSON over HTTP: retries with backoff, ``Retry-After``, a size bound, deadlines, no secrets in messages.

Every adapter fetches through :func:`get_json` with an injected :class:`httpx.Client`, so tests point the
client at a local server and nothing here patches sockets or time (``sleep`` and ``clock`` are injectable).

Bounds, so that no server can hold a sync for ever: one attempt (headers and body) has
``RetryPolicy.attempt_s`` seconds in all, however slowly the body trickles in; all attempts of one request,
with their waits, have ``RetryPolicy.total_s``; a ``Retry-After`` is obeyed up to :data:`MAX_RETRY_AFTER_S`.
The sync engine sets a deadline for the whole run with :func:`deadline_scope`; a request that would start or
go on past it raises :class:`DeadlineExceeded`. Only a ``200`` answer is data: a redirect or any other status
is an error (a ``404`` only where the caller allows it).
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import orjson

from kiosk.sources.base import SourceError

MAX_RESPONSE_BYTES = 32 * 1024 * 1024
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER_S = 30.0

# The monotonic time (``time.monotonic``) by which the current sync must end; ``None`` = no deadline.
_DEADLINE: ContextVar[float | None] = ContextVar("sync_deadline", default=None)

ParamValue = str | int | Sequence[str]
Params = Mapping[str, ParamValue | None]


class FetchError(SourceError):
    """A request failed for good (after retries). ``status`` is the last HTTP status, if any."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class DeadlineExceeded(FetchError):
    """The sync's own deadline (or a request's) has passed; the run stops instead of waiting on."""


@contextlib.contextmanager
def deadline_scope(until: float | None) -> Iterator[None]:
    """Requests made inside (on this thread) must finish by ``until`` (``time.monotonic`` seconds)."""
    token = _DEADLINE.set(until)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def sync_deadline() -> float | None:
    return _DEADLINE.get()


def check_deadline(what: str = "the sync", clock: Callable[[], float] = time.monotonic) -> None:
    """Raise :class:`DeadlineExceeded` when the current sync's deadline has passed."""
    until = _DEADLINE.get()
    if until is not None and clock() >= until:
        raise DeadlineExceeded(f"{what}: stopped at the sync's deadline")


@dataclass
class RetryPolicy:
    attempts: int = 4
    backoff_s: float = 0.25
    max_backoff_s: float = 8.0
    sleep: Callable[[float], None] = time.sleep
    attempt_s: float = 120.0  # one attempt, headers and body, however slowly it trickles
    total_s: float = 300.0  # every attempt of one request with the waits between them
    clock: Callable[[], float] = time.monotonic

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
        return float(value) if len(value) < 12 else MAX_RETRY_AFTER_S
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now() if now else datetime.now(UTC)
    return max((when - current).total_seconds(), 0.0)


def safe_url(url: httpx.URL | str) -> str:
    """The URL without query string or credentials, for messages and logs (a broken address is shortened)."""
    try:
        u = httpx.URL(str(url))
        return str(u.copy_with(query=None, userinfo=b""))
    except (httpx.InvalidURL, ValueError, TypeError):
        text = str(url).split("?", 1)[0]
        return "".join(ch if ch.isprintable() else "?" for ch in text[:80]) + ("…" if len(text) > 80 else "")


class _TooSlow(Exception):
    """One attempt ran past its own time limit (a body trickled in too slowly)."""


def _read_bounded(
    response: httpx.Response, max_bytes: int, until: float | None = None, clock: Callable[[], float] = time.monotonic
) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and len(declared) < 20 and int(declared) > max_bytes:
        raise FetchError(f"{safe_url(response.url)}: response of {declared} bytes is over the {max_bytes}-byte limit")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{safe_url(response.url)}: response is over the {max_bytes}-byte limit")
        if until is not None and clock() >= until:
            raise _TooSlow
        chunks.append(chunk)
    return b"".join(chunks)


def _parse(body: bytes) -> tuple[Any, str | None]:
    """(data, None), or (None, what was wrong): broken, too deeply nested or absurd JSON never escapes.

    orjson reads the common case (about 1.5× faster than ``json``); whatever it refuses (a BOM, a lone
    surrogate escape, NaN, an integer too big for a double, deep nesting) is read again by ``json``, so
    what counts as data is what ``json.loads`` accepts. One difference: an integer beyond 64 bits is read
    as a float — the same as the number written with an exponent, which every reader must handle anyway."""
    try:
        return orjson.loads(body), None
    except orjson.JSONDecodeError:
        pass
    try:
        return json.loads(body), None
    except json.JSONDecodeError as exc:
        return None, f"the answer was not complete JSON ({exc.msg})"
    except UnicodeDecodeError:
        return None, "the answer was not UTF-8 JSON"
    except RecursionError:
        return None, "the answer was JSON nested too deeply to read"
    except ValueError as exc:  # e.g. an integer of thousands of digits
        return None, f"the answer was not usable JSON ({str(exc)[:80]})"


def _status_problem(response: httpx.Response) -> FetchError:
    """Why a non-200 answer is not data (a redirect is named as such: the base URL is likely wrong)."""
    status = response.status_code
    where = safe_url(response.url)
    if 300 <= status < 400:
        target = response.headers.get("location", "")
        hint = f" to {safe_url(target)}" if target and len(target) < 500 else ""
        return FetchError(f"{where}: the server answered {status}, a redirect{hint}; check the base_url", status=status)
    if status < 300:
        return FetchError(f"{where}: the server answered {status} instead of 200 with data", status=status)
    detail = _error_detail(_read_bounded(response, 64 * 1024, None))
    return FetchError(f"{where}: the server answered {status}{detail}", status=status)


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

    Raises :class:`FetchError` with a message that names the address (never the query or the API key), and
    :class:`DeadlineExceeded` past a deadline (see the module docstring). With ``allow_404`` a 404 answer
    returns ``None``.
    """
    retry = retry or RetryPolicy()
    query = encode_params(params or {}, array_style)
    clock = retry.clock
    end = _earliest(clock() + retry.total_s, _DEADLINE.get())
    last_problem = "no attempt made"
    last_status: int | None = None
    attempts = 0
    for attempt in range(retry.attempts):
        if clock() >= end:
            break
        attempts += 1
        outcome = _attempt(client, url, query, headers, max_bytes, allow_404, min(end, clock() + retry.attempt_s), clock)
        if outcome.done:
            return outcome.data
        last_problem, last_status = outcome.problem, outcome.status
        if attempt + 1 < retry.attempts:
            wait = retry.delay(attempt, outcome.retry_after)
            if clock() + wait >= end:
                break
            retry.sleep(wait)
    message = f"{safe_url(url)}: {last_problem}, after {attempts} attempt{'s' if attempts != 1 else ''}"
    sync_until = _DEADLINE.get()
    if sync_until is not None and clock() + 0.001 >= sync_until:
        raise DeadlineExceeded(f"{message}; stopped at the sync's deadline", status=last_status)
    raise FetchError(message, status=last_status)


def _earliest(first: float, second: float | None) -> float:
    return first if second is None else min(first, second)


@dataclass
class _Outcome:
    done: bool = False
    data: Any = None
    problem: str = ""
    status: int | None = None
    retry_after: float | None = None


def _attempt(
    client: httpx.Client,
    url: str,
    query: list[tuple[str, str | int | float | bool | None]],
    headers: Mapping[str, str] | None,
    max_bytes: int,
    allow_404: bool,
    until: float,
    clock: Callable[[], float],
) -> _Outcome:
    """One GET: data, or why not (raises :class:`FetchError` for answers that retrying cannot mend)."""
    try:
        with client.stream("GET", url, params=query, headers=dict(headers or {})) as response:
            status = response.status_code
            if status in RETRY_STATUSES:
                retry_after = parse_retry_after(response.headers.get("retry-after"))
                return _Outcome(problem=f"the server answered {status}", status=status, retry_after=retry_after)
            if allow_404 and status == 404:
                return _Outcome(done=True)
            if status != 200:
                raise _status_problem(response)
            data, problem = _parse(_read_bounded(response, max_bytes, until, clock))
            return _Outcome(done=True, data=data) if problem is None else _Outcome(problem=problem, status=status)
    except _TooSlow:
        return _Outcome(problem="the answer came in too slowly")
    except httpx.TimeoutException:
        return _Outcome(problem="the server did not answer in time")
    except httpx.InvalidURL:
        raise FetchError(f"{safe_url(url)}: not a usable address") from None
    except httpx.TransportError as exc:
        return _Outcome(problem=f"the connection failed ({type(exc).__name__})")


def _error_detail(body: bytes) -> str:
    data, problem = _parse(body)
    if problem is not None:
        return ""
    if isinstance(data, dict):
        for key in ("detail", "title", "message"):
            value = data.get(key)
            if isinstance(value, str) and value.strip():
                return f" ({value.strip()[:200]})"
    return ""
