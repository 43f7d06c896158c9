"""A failed sync's reason in plain words for staff: the sync log keeps the technical message (for IT), the
staff page shows what it means and what to do. Returns message ids (``N_``); the UI translates them.
"""

from __future__ import annotations

import re

from kiosk.i18n import N_

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"deadline", re.I),
     N_("The update took too long and was stopped. It is tried again at the next update.")),
    (re.compile(r"would leave|allow-shrink", re.I),
     N_("The source suddenly had far fewer items, so the previous data is kept. Tell the county's IT.")),
    (re.compile(r"api key|x-api-key|\b401\b|\b403\b|unauthori[sz]ed|forbidden", re.I),
     N_("The source did not accept the kiosk's key. Tell the county's IT.")),
    (re.compile(r"connect|timed? ?out|name or service|resolution|unreachable|network|refused", re.I),
     N_("No connection to the source. Check the network cable or Wi-Fi; the kiosk tries again later.")),
    (re.compile(r"\b5\d\d\b|server error|service unavailable", re.I),
     N_("The source's server had a problem. The kiosk tries again later.")),
    (re.compile(r"another sync|sync is running|busy", re.I),
     N_("Another update was running at the same time. Try again in a few minutes.")),
    (re.compile(r"data directory|no space|read-only|permission", re.I),
     N_("The kiosk could not save the data on its disk. Tell the county's IT.")),
)
OTHER = N_("The update failed for a reason the kiosk does not know. Tell the county's IT (details below).")


def plain_reason(message: str | None) -> str | None:
    """The message id that says in plain words why a sync failed, or ``None`` when there is no message."""
    if not message:
        return None
    for pattern, words in _RULES:
        if pattern.search(message):
            return words
    return OTHER


__all__ = ["OTHER", "plain_reason"]
