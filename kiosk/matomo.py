"""Optional push of the daily aggregate statistics to a Matomo the county runs.

Only what ``hyte-kiosk stats export`` would give, day by day: for each finished day (never today, which is
still counting) one bulk request to Matomo's HTTP tracking API (``POST <matomo_url>/matomo.php``) with one
custom event per counter — category ``hyte-kiosk``, action the counter (``language``, ``area_opened``…),
name ``<municipality>/<value>`` and the count as the event's value, dated at noon UTC of that day (so the
date stays the same in Matomo's Finnish time zone). Counts below :data:`kiosk.stats.SMALL` are not sent at
all (the export shows them only as "<5").

No visitor id, user id, cookie, screen, language, referrer or IP override is ever sent; the user agent is
the fixed ``hyte-kiosk/<version>``. ``token_auth`` (``[stats] matomo_token``, needed for days older than
a day) travels in the request body, never in the address, and is never logged.

Which day was sent last is kept in ``matomo.json`` in the data directory, so each day goes once; a failed
push leaves the day unsent for the next try.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from kiosk.stats import SMALL, StatsStore

if TYPE_CHECKING:
    import httpx

    from kiosk.config import Config

STATE_FILE = "matomo.json"
CATEGORY = "hyte-kiosk"
FIRST_PUSH_DAYS = 31  # the first push sends at most the last month


class MatomoError(Exception):
    """The push failed; the days not sent are tried again next time."""


def endpoint(base_url: str) -> str:
    """``https://stats.example.fi/`` → ``https://stats.example.fi/matomo.php`` (a full address is kept)."""
    if base_url.endswith((".php", ".php/")):
        return base_url.rstrip("/")
    return base_url.rstrip("/") + "/matomo.php"


def day_requests(rows: list[dict[str, Any]], site_id: int, day: str) -> list[str]:
    """The bulk request's lines for one day's counts (``?idsite=…&e_c=…``), small counts left out."""
    lines = []
    for row in rows:
        if int(row["count"]) < SMALL:
            continue
        name = "/".join(p for p in (row["municipality"] or "-", row["value"]) if p)
        params = {
            "idsite": str(site_id), "rec": "1", "apiv": "1", "send_image": "0",
            "e_c": CATEGORY, "e_a": row["counter"], "e_n": name, "e_v": str(int(row["count"])),
            "cdt": f"{day} 12:00:00",
        }
        lines.append("?" + urlencode(params))
    return lines


def read_state(data_dir: Path) -> date | None:
    try:
        found = json.loads((Path(data_dir) / STATE_FILE).read_text(encoding="utf-8"))
        return date.fromisoformat(found["last_day"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_state(data_dir: Path, last_day: date) -> None:
    path = Path(data_dir) / STATE_FILE
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"last_day": last_day.isoformat()}) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def days_to_send(last_sent: date | None, today: date) -> list[date]:
    """The finished days after ``last_sent`` (at most :data:`FIRST_PUSH_DAYS` back on the first push)."""
    start = last_sent + timedelta(days=1) if last_sent else today - timedelta(days=FIRST_PUSH_DAYS)
    return [start + timedelta(days=i) for i in range((today - start).days)]


def push(config: Config, client: httpx.Client, today: date | None = None) -> list[str]:
    """Send every finished day not sent yet; returns the days sent (``[]`` when none was due or
    Matomo is not configured). Raises :class:`MatomoError` at the first day that fails."""
    import httpx

    from kiosk import __version__

    out = config.outbound
    if not out.matomo_url or out.matomo_site_id is None:
        return []
    today = today or date.today()
    store = StatsStore.for_config(config)
    days = days_to_send(read_state(config.data_dir), today)
    if not days:
        return []
    per_day: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in store.rows(days[0], days[-1]):
        per_day[row["day"]].append(row)
    sent: list[str] = []
    for day in days:
        text = day.isoformat()
        lines = day_requests(per_day.get(text, []), out.matomo_site_id, text)
        if lines:
            body: dict[str, Any] = {"requests": lines}
            if out.matomo_token:
                body["token_auth"] = out.matomo_token
            try:
                response = client.post(endpoint(out.matomo_url), json=body,
                                       headers={"User-Agent": f"hyte-kiosk/{__version__}"})
            except httpx.HTTPError as exc:
                raise MatomoError(f"statistics not sent: {type(exc).__name__}") from exc
            if not 200 <= response.status_code < 300:
                raise MatomoError(f"statistics not sent: Matomo answered {response.status_code}")
            sent.append(text)
        write_state(config.data_dir, day)  # a day with nothing to send is done too
    return sent


__all__ = ["CATEGORY", "MatomoError", "STATE_FILE", "day_requests", "days_to_send", "endpoint", "push",
           "read_state", "write_state"]
