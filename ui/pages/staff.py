"""The staff page (behind the hidden gesture and the PIN): how fresh the data is, each source's state,
"Update data now" with progress, and "Close the kiosk".

Like every page it only shows what it is given and emits what staff asked for (``sync_requested``,
``exit_requested``, ``refresh_requested``); its status is loaded like any page's data, and the sync and
exit are handled by :class:`ui.staff.StaffController` (the sync on the long-job lane).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from babel.dates import format_datetime
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QProgressBar, QVBoxLayout, QWidget

from kiosk import reads
from kiosk.i18n import _, current_language
from ui.context import HELSINKI
from ui.pages.base import Page
from ui.pages.spec import Intent, PageLoad, PageSpec, View, answer

if TYPE_CHECKING:  # the status module reads the cache: it loads on the reading lane
    from kiosk.status import SourceStatus, Status
from ui.widgets.common import Button, Card, TextLabel, touch_scroll_area


def when_text(value: str | None) -> str:
    """An ISO time from the status as a short local date and time ("24.11.2026 10.30"), or "—"."""
    if not value:
        return "—"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone(HELSINKI)
    return format_datetime(moment, "short", locale=current_language())


class StaffPage(Page):
    name = "staff"
    sync_requested = Signal()
    exit_requested = Signal()
    clean_requested = Signal()
    export_stats_requested = Signal()
    refresh_requested = Signal()
    navigate_requested = Signal(str)  # "sheets": the activity sheets

    def build(self) -> None:
        self._status: Status | None = None
        self._stage: tuple[str, str] | None = None
        self._status_error: str | None = None
        self._syncing = False
        self._sync_started_at = 0
        self._sources = 0
        self._result: list[tuple[str, bool]] = []  # (line, ok)
        self._elapsed = 0
        content = QWidget()
        col = QVBoxLayout(content)
        col.setContentsMargins(0, 0, 8, 0)
        col.setSpacing(20)

        data = Card()
        data_box = QVBoxLayout(data)
        data_box.setContentsMargins(24, 18, 24, 18)
        self.data_heading = TextLabel("", role="subheading")
        self.demo_note = TextLabel("", role="warning")
        self.demo_note.setObjectName("staff-demo")
        self.freshness = TextLabel("")
        self.freshness.setObjectName("staff-freshness")
        for w in (self.data_heading, self.demo_note, self.freshness):
            data_box.addWidget(w)
        col.addWidget(data)

        sources = Card()
        self.sources_box = QVBoxLayout(sources)
        self.sources_box.setContentsMargins(24, 18, 24, 18)
        self.sources_heading = TextLabel("", role="subheading")
        self.sources_text = TextLabel("")
        self.sources_text.setObjectName("staff-sources")
        self.sources_box.addWidget(self.sources_heading)
        self.sources_box.addWidget(self.sources_text)
        col.addWidget(sources)

        self.sync_button = Button("", role="primary", object_name="staff-sync")
        self.sync_button.clicked.connect(self.sync_requested)
        self.progress = QProgressBar()
        self.progress.setObjectName("staff-progress")
        self.progress.setRange(0, 0)  # busy: moves while the worker syncs, proving the screen is alive
        self.progress.setTextVisible(False)
        self.progress.setMinimumHeight(28)
        self.progress.hide()
        self.stage = TextLabel("")
        self.stage.setObjectName("staff-stage")
        self.result = TextLabel("")
        self.result.setObjectName("staff-result")
        for widget in (self.sync_button, self.progress, self.stage, self.result):
            col.addWidget(widget)
        self.sheets_button = Button("", object_name="staff-sheets")
        self.sheets_button.clicked.connect(lambda: self.navigate_requested.emit("sheets"))
        col.addWidget(self.sheets_button)
        self.stats_button = Button("", object_name="staff-stats")
        self.stats_button.clicked.connect(self.export_stats_requested)
        self.stats_result = TextLabel("")
        self.stats_result.setObjectName("staff-stats-result")
        col.addWidget(self.stats_button)
        col.addWidget(self.stats_result)
        self.clean_button = Button("", object_name="staff-clean")
        self.clean_button.clicked.connect(self.clean_requested)
        col.addWidget(self.clean_button)
        col.addSpacing(24)
        self.exit_button = Button("", role="danger", object_name="staff-exit")
        self.exit_button.clicked.connect(self.exit_requested)
        col.addWidget(self.exit_button)
        col.addStretch(1)
        self.scroll_area = touch_scroll_area(content)
        self.body.addWidget(self.scroll_area, 1)
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._count_up)

    # -- what the coordinator shows ------------------------------------------------------------
    def show_stats_saved(self, path: str) -> None:
        self.stats_result.setText(_("Statistics saved: {path}").format(path=path))

    def show_stats_failed(self, reason: str) -> None:
        self.stats_result.setText("⚠ " + _("The statistics could not be saved: {reason}").format(reason=reason))

    def show_status(self, data: Status) -> None:
        self._status, self._status_error = data, None
        self.retranslate()

    def show_error(self, reason: str = "") -> None:
        self.show_status_error(reason)

    def show_status_error(self, message: str) -> None:
        self._status, self._status_error = None, message
        self.retranslate()

    def sync_started(self, sources: int) -> None:
        self._syncing, self._sources, self._elapsed, self._result = True, sources, 0, []
        self._stage = None
        self.progress.show()
        self._clock.start()
        self.retranslate()

    def sync_stage(self, source: str, stage: str) -> None:
        """The sync engine's current step: fetching one source, or saving the new snapshot."""
        if self._syncing:
            self._stage = (source, stage)
            self._show_stage()

    def show_sync_result(self, lines: list[tuple[str, bool]]) -> None:
        """One line per source (already worded by the coordinator) and whether it went well."""
        self._syncing, self._result = False, lines
        self.progress.hide()
        self._clock.stop()
        self.retranslate()

    @property
    def syncing(self) -> bool:
        return self._syncing

    def _count_up(self) -> None:
        self._elapsed += 1
        self._show_stage()

    # -- texts ---------------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(_("Staff"))
        self.hint.setText(_("Update the data or close the kiosk. Back returns to the residents' screen."))
        self.data_heading.setText(_("Data on this kiosk"))
        self.sources_heading.setText(_("Sources"))
        self.sync_button.setText(_("Update data now"))
        self.exit_button.setText(_("Close the kiosk"))
        self.sheets_button.setText(_("Activity sheets"))
        self.stats_button.setText(_("Save the statistics (USB stick or folder)"))
        self.clean_button.setText(_("Clean the screen (touch off for 30 s)"))
        self._show_status()
        self._show_stage()

    def _show_status(self) -> None:
        s = self._status
        demo = bool(s and s.demo) or self.ctx.config.demo
        self.demo_note.setText(_("Demo data: no sources are configured, so the kiosk shows example data."))
        self.demo_note.setVisible(demo)
        self.sync_button.setVisible(not self.ctx.config.demo and not self._syncing)
        if self._status_error is not None:
            self.freshness.setText(_("The data could not be read: {reason}").format(reason=self._status_error))
        elif s is None:
            self.freshness.setText(_("Reading the data…"))
        else:
            lines = [_("Updated: {when}").format(when=when_text(s.created_at))]
            if s.age_days is not None:
                days = int(s.age_days)  # whole days: "34,1 päivää" read as a measurement, not an age
                lines.append(_("Age: less than a day") if days < 1 else _("Age: {days} days").format(days=days))
            lines.append(_("Items: {count}").format(count=s.items))
            stale = self.ctx.config.kiosk.stale_after_days
            if s.age_days is not None and s.age_days > stale and not s.demo:
                lines.append("⚠ " + _("Older than {days} days: update the data or check the connection.").format(
                    days=stale))
            self.freshness.setText("\n".join(lines))
        if self.ctx.config.demo:
            self.sources_text.setText(_("No sources are configured: the kiosk runs on demo data."))
        elif s is not None:
            self.sources_text.setText("\n".join(self._source_line(src) for src in s.sources))
        else:  # the status could not be read: at least name what is configured
            self.sources_text.setText("\n".join(f"{src.name} ({src.kind})" for src in self.ctx.config.sources))

    @staticmethod
    def _source_line(src: SourceStatus) -> str:
        if src.last_ok:
            state = _("OK")
        elif src.last_ok is False:
            state = _("FAILED")
        else:
            state = _("never updated")
        line = _("{name}: {state}. Last success: {when}.").format(
            name=src.name, state=state, when=when_text(src.last_success))
        if src.last_ok is False and src.last_message:
            line += "\n  " + src.last_message
        return line

    def _show_stage(self) -> None:
        if self._syncing:
            minutes, seconds = divmod(self._elapsed, 60)
            clock = f"{minutes}:{seconds:02d}"
            stage = self._stage
            if stage and stage[1] == "saving":
                self.stage.setText(_("Saving the new data… {time}").format(time=clock))
            elif stage:
                self.stage.setText(_("Fetching data from {name}… {time}").format(name=stage[0], time=clock))
            else:
                self.stage.setText(_("Fetching data from {count} sources… {time}").format(
                    count=self._sources, time=clock))
        elif self.ctx.config.demo:
            self.stage.setText(_("Updating needs a source in the config. The screen stays on demo data."))
        else:
            self.stage.setText(_("Updating takes a while. The screen keeps working meanwhile."))
        self.result.setText("\n".join(("✓ " if ok else "✗ ") + line for line, ok in self._result))
        self.result.setVisible(bool(self._result))

    def reset(self) -> None:
        if not self._syncing:
            self._result = []
        self.scroll_area.verticalScrollBar().setValue(0)
        self.retranslate()


def load(view: View) -> PageLoad[StaffPage]:
    """The kiosk's status: data age, items, each source's last sync."""
    config, now = view.config, view.now
    return answer(lambda tray: reads.status(tray, config, now), StaffPage.show_status)


SPEC = PageSpec(
    "staff", StaffPage, load=load,
    intents=(Intent.BACK, Intent.SYNC, Intent.EXIT, Intent.EXPORT_STATS, Intent.CLEAN, Intent.REFRESH, Intent.NAVIGATE),
)
