"""The careful JSON fetcher against a real local server: retries, Retry-After, cut-off bodies, size bound."""

from __future__ import annotations

import httpx
import pytest

from kiosk.sources.http import FetchError, RetryPolicy, encode_params, get_json, parse_retry_after
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
