"""What every page may use: the config, the resident's session, the content areas and a clock.

Pages read from the context but never call the core or the worker: they emit intents and the router
answers by calling the page's ``show_*`` methods.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from kiosk.areas import AreaCatalogue, load_areas
from kiosk.config import Config
from kiosk.helpnow import HelpNow, load_helpnow
from kiosk.session import Session

HELSINKI = ZoneInfo("Europe/Helsinki")


def local_now() -> datetime:
    return datetime.now(HELSINKI)


@dataclass
class UiContext:
    config: Config
    session: Session
    areas: AreaCatalogue = field(default_factory=load_areas)
    clock: Callable[[], datetime] = local_now
    helpnow: HelpNow = field(default_factory=load_helpnow)
