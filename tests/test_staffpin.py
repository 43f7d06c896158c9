"""The staff PIN: hash format, verification, lock-out with an injected clock, and ``hyte-kiosk hash-pin``."""

from __future__ import annotations

import base64
import io
import json

import pytest

from kiosk import staffpin
from kiosk.cli import main
from kiosk.config import load_config
from kiosk.staffpin import PinFormatError, PinGuard, hash_pin, parse_hash, verify_pin


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_pin("2468")


def test_hash_has_the_scrypt_format_with_salt_and_parameters(stored):
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(staffpin.N), str(staffpin.R), str(staffpin.P))
    assert len(base64.b64decode(salt)) == staffpin.SALT_BYTES
    assert len(base64.b64decode(digest)) == staffpin.HASH_BYTES
    assert "2468" not in stored


def test_the_same_pin_hashes_differently_each_time_because_of_the_salt(stored):
    assert hash_pin("2468") != stored


def test_verify_accepts_the_right_pin_and_refuses_others(stored):
    assert verify_pin("2468", stored)
    assert not verify_pin("2469", stored)
    assert not verify_pin("", stored)
    assert not verify_pin("24680", stored)


def test_malformed_or_greedy_hashes_never_verify():
    assert parse_hash("2468") is None
    assert parse_hash("scrypt$16384$8$1$bm90IGI2NA$") is None
    assert parse_hash("bcrypt$16384$8$1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==") is None
    assert parse_hash(f"scrypt${2**24}$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44) is None
    assert not verify_pin("2468", "plain-text-pin-2468")


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "١٢٣٤", " 1234"])
def test_only_four_to_eight_ascii_digits_make_a_pin(pin):
    with pytest.raises(PinFormatError):
        hash_pin(pin)


def test_guard_without_a_hash_says_not_configured():
    assert PinGuard(None).try_pin("1234") == "not_configured"
    assert PinGuard("garbage").try_pin("1234") == "not_configured"


def test_guard_locks_after_five_failures_and_opens_when_the_clock_moves(stored):
    clock = FakeClock()
    guard = PinGuard(stored, clock, max_failures=5, lockout_s=300)
    assert [guard.try_pin("0000") for _ in range(4)] == ["wrong"] * 4
    assert guard.try_pin("0000") == "locked"
    assert guard.try_pin("2468") == "locked", "the right PIN does not open a locked guard"
    assert guard.seconds_left() == 300
    clock.now += 299
    assert guard.try_pin("2468") == "locked"
    clock.now += 1
    assert guard.try_pin("2468") == "ok"
    assert guard.failures == 0 and guard.locked_until is None


def test_a_right_pin_resets_the_failure_count(stored):
    guard = PinGuard(stored, FakeClock())
    for _ in range(4):
        guard.try_pin("1111")
    assert guard.try_pin("2468") == "ok"
    assert [guard.try_pin("1111") for _ in range(4)] == ["wrong"] * 4


def _lock(guard: PinGuard) -> None:
    assert [guard.try_pin("0000") for _ in range(5)][-1] == "locked"


def test_a_lockout_survives_a_restart_of_the_kiosk(stored, tmp_path):
    clock = FakeClock()
    state = tmp_path / "data" / "staff-pin-guard.json"
    guard = PinGuard(stored, clock, state_path=state)
    assert [guard.try_pin("0000") for _ in range(3)] == ["wrong"] * 3
    restarted = PinGuard(stored, clock, state_path=state)
    assert restarted.failures == 3
    assert [restarted.try_pin("0000") for _ in range(2)] == ["wrong", "locked"]
    clock.now += 60
    again = PinGuard(stored, clock, state_path=state)
    assert again.try_pin("2468") == "locked" and again.seconds_left() == 240
    assert set(json.loads(state.read_text())) == {"failures", "lockouts", "locked_until"}  # counts, no PIN


def test_lockouts_escalate_up_to_an_hour_and_a_right_pin_resets_them(stored, tmp_path):
    clock = FakeClock()
    guard = PinGuard(stored, clock, state_path=tmp_path / "guard.json")
    lengths = []
    for _ in range(6):
        _lock(guard)
        lengths.append(guard.seconds_left())
        clock.now += guard.seconds_left()
    assert lengths == [300, 600, 1200, 2400, 3600, 3600]
    assert guard.try_pin("2468") == "ok"
    _lock(guard)
    assert guard.seconds_left() == 300


def test_a_clock_set_back_never_lengthens_a_lockout_and_a_broken_state_file_is_ignored(stored, tmp_path):
    clock = FakeClock()
    state = tmp_path / "guard.json"
    guard = PinGuard(stored, clock, state_path=state)
    _lock(guard)
    clock.now -= 10 * 86400
    assert guard.seconds_left() <= guard.max_lockout_s
    state.write_text("{not json", encoding="utf-8")
    assert PinGuard(stored, clock, state_path=state).try_pin("2468") == "ok"


def test_hash_pin_command_prints_a_config_line_that_the_config_accepts(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("97531\n"))
    assert main(["--data-dir", str(tmp_path), "hash-pin"]) == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert line.startswith('staff_pin_hash = "scrypt$')
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'data_dir = "{tmp_path}"\n\n[kiosk]\n{line}\n', encoding="utf-8")
    stored = load_config(cfg, env={}).kiosk.staff_pin_hash
    assert stored and verify_pin("97531", stored)


def test_hash_pin_command_refuses_a_short_pin(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("12\n"))
    assert main(["--data-dir", str(tmp_path), "hash-pin"]) == 2
    assert "4–8 digits" in capsys.readouterr().err
