"""The careful JSON fetcher against a real local server: retries, Retry-After, cut-off bodies, size bound."""

from __future__ import annotations

import time

import httpx
import pytest

from kiosk.sources.http import (
    MAX_RETRY_AFTER_S,
    DeadlineExceeded,
    FetchError,
    RetryPolicy,
    deadline_scope,
    encode_params,
    get_json,
    parse_retry_after,
)
from tests.fakeserver import FakeServer, Fault, Reply


@pytest.fixture
def server():
    with FakeServer() as srv:
        srv.route("/data", lambda q: Reply.json({"ok": True, "q": q}))
        yield srv


def _policy(waits: list[float]) -> RetryPolicy:
    return RetryPolicy(attempts=4, backoff_s=0.01, sleep=waits.append)


def test_503_then_success_is_retried_with_backoff(server):
    server.add_fault("/data", Fault("status", 503), times=2)
    waits: list[float] = []
    with httpx.Client(base_url=server.url) as client:
        assert get_json(client, "/data", retry=_policy(waits))["ok"] is True
    assert waits == [0.01, 0.02]


def test_retry_after_header_is_obeyed(server):
    server.add_fault("/data", Fault("status", 429, headers={"Retry-After": "3"}))
    waits: list[float] = []
    with httpx.Client(base_url=server.url) as client:
        get_json(client, "/data", retry=_policy(waits))
    assert waits == [3.0]


def test_truncated_body_is_retried_then_reported(server):
    server.add_fault("/data", Fault("truncate"), times=4)
    with httpx.Client(base_url=server.url) as client, pytest.raises(FetchError) as err:
        get_json(client, "/data", retry=_policy([]))
    assert "after 4 attempts" in str(err.value)


def test_timeout_is_retried(server):
    server.add_fault("/data", Fault("delay", seconds=0.5))
    with httpx.Client(base_url=server.url, timeout=0.2) as client:
        assert get_json(client, "/data", retry=_policy([]))["ok"] is True


def test_size_bound_stops_a_huge_answer(server):
    server.route("/big", lambda q: Reply.json({"x": "a" * 5000}))
    with httpx.Client(base_url=server.url) as client, pytest.raises(FetchError, match="limit"):
        get_json(client, "/big", max_bytes=1000, retry=_policy([]))


def test_error_message_never_contains_query_or_key(server):
    server.route("/secret", lambda q: Reply.json({"detail": "bad"}, status=400))
    with httpx.Client(base_url=server.url) as client, pytest.raises(FetchError) as err:
        get_json(client, "/secret", {"apikey": "TOPSECRET"}, headers={"x-api-key": "TOPSECRET"}, retry=_policy([]))
    assert "TOPSECRET" not in str(err.value)
    assert err.value.status == 400


def test_array_params_repeat_or_comma():
    assert encode_params({"m": ["205", "765"], "x": None}) == [("m", "205"), ("m", "765")]
    assert encode_params({"m": ["205", "765"]}, "comma") == [("m", "205,765")]


def test_retry_after_http_date():
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert parse_retry_after("nonsense") is None


# --- bounds: no server can hold a request (or a sync) for ever ------------------------------------------


def test_a_body_trickled_byte_by_byte_stops_at_the_attempt_limit(server):
    server.route("/slow", lambda q: Reply.json({"x": "a" * 200}))
    server.add_fault("/slow", Fault("trickle", seconds=0.05))
    policy = RetryPolicy(attempts=1, attempt_s=0.6)
    started = time.monotonic()
    with httpx.Client(base_url=server.url, timeout=5) as client, pytest.raises(FetchError, match="too slowly"):
        get_json(client, "/slow", retry=policy)
    assert time.monotonic() - started < 3


def test_retry_after_is_capped_low():
    assert RetryPolicy().delay(0, 3600.0) == MAX_RETRY_AFTER_S <= 30
    assert parse_retry_after("9" * 5000) == MAX_RETRY_AFTER_S


def test_all_retries_of_a_request_together_are_bounded(server):
    now = [0.0]
    server.add_fault("/data", Fault("status", 429, headers={"Retry-After": "25"}), times=10)
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    policy = RetryPolicy(attempts=10, sleep=sleep, total_s=60, clock=lambda: now[0])
    with httpx.Client(base_url=server.url) as client, pytest.raises(FetchError, match="429"):
        get_json(client, "/data", retry=policy)
    assert sum(waits) <= 60 and len(waits) == 2


def test_the_sync_deadline_stops_the_next_request(server):
    with httpx.Client(base_url=server.url) as client, deadline_scope(time.monotonic() - 1):
        with pytest.raises(DeadlineExceeded):
            get_json(client, "/data", retry=_policy([]))
    assert server.log == []


@pytest.mark.parametrize("status", [301, 302, 204, 203])
def test_only_a_200_answer_is_data(server, status):
    server.add_fault("/data", Fault("garbage", status=status, body=b"[]", headers={"Location": "/elsewhere"}))
    with httpx.Client(base_url=server.url) as client, pytest.raises(FetchError, match=str(status)) as err:
        get_json(client, "/data", retry=_policy([]))
    if status in (301, 302):
        assert "redirect" in str(err.value)


@pytest.mark.parametrize(
    "body",
    [b"[" * 100_000, b'{"totalPages": ' + b"9" * 5000 + b"}", b"\xff\xfe{", b'{"a": "\\ud800"'],
    ids=["100k-brackets", "5000-digit-int", "not-utf8", "cut-surrogate"],
)
def test_hostile_json_is_a_fetch_error_never_a_crash(server, body):
    server.add_fault("/data", Fault("garbage", body=body), times=4)
    with httpx.Client(base_url=server.url) as client, pytest.raises(FetchError):
        get_json(client, "/data", retry=_policy([]))


def test_an_address_with_control_characters_is_refused_before_sending(server):
    with httpx.Client(base_url=server.url) as client, pytest.raises(FetchError, match="not a usable address"):
        get_json(client, "/service/a\x00b\nc", retry=_policy([]))


def test_parse_reads_with_orjson_and_accepts_exactly_what_json_accepts() -> None:
    import json

    from kiosk.sources.http import _parse

    cases = [
        b'{"a": [1, 2.5, "x\\u00e4"]}',
        b'\xef\xbb\xbf{"bom": true}',  # a UTF-8 BOM
        b'["\\ud800"]',  # a lone surrogate escape: read, scrubbed later at the cache write
        b"[NaN]",
    ]
    for body in cases:
        data, problem = _parse(body)
        assert problem is None, body
        assert json.dumps(data) == json.dumps(json.loads(body))
    # bigger than 64 bits: a float, as the same number written ``1e40`` would be anyway
    assert _parse(b"[" + b"9" * 40 + b"]") == ([1e40], None)
    for body in (b"[" * 100_000, b"[" + b"9" * 5000 + b"]", b'{"a": ', b"\xff\xfe[]"):
        data, problem = _parse(body)
        assert data is None and problem
