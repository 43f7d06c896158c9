"""The staff page (behind the hidden gesture and the PIN), in four parts chosen with big tabs:

- **Data**: how fresh the data is, each source's state (last sync, result, items, the last error in plain
  words), "Update data now" with progress, and the recent sync log;
- **Coverage**: the concept's minimum content areas per municipality, gaps marked in words and colour;
- **Tools**: activity sheets, the printer test page, changing the PIN, saving the "outdated info" flags,
  saving the statistics, screen cleaning — a list (:data:`ACTIONS`) that other features add a line to;
- **Settings**: the safe config keys (:class:`ui.widgets.staffsettings.SettingsPanel`).

"Close the kiosk" stays under the tabs. Like every page it only shows what it is given and emits what staff
asked for; its data is loaded like any page's, and the work is done by :class:`ui.staff.StaffController`
(the sync, the test print and the writes on the long-job lane).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from babel.dates import format_datetime
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QProgressBar, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from kiosk import reads, synclog
from kiosk.i18n import N_, _, current_language
from kiosk.syncwords import plain_reason
from ui.context import HELSINKI
from ui.pages.base import Page
from ui.pages.spec import Intent, PageLoad, PageSpec, View
from ui.widgets.chips import Chip, FlowLayout
from ui.widgets.common import Button, Card, TextLabel, set_role, touch_scroll_area
from ui.widgets.coverage import CoverageTable
from ui.widgets.staffsettings import SettingsPanel

if TYPE_CHECKING:  # the status module reads the cache: it loads on the reading lane
    from kiosk.status import SourceStatus, Status
    from kiosk.tray import Tray

TABS: tuple[tuple[str, str], ...] = (
    ("data", N_("Data")), ("coverage", N_("Coverage")), ("tools", N_("Tools")), ("settings", N_("Settings")),
)
LOG_ROWS = 8


@dataclass(frozen=True)
class StaffAction:
    """One tool on the Tools tab: a button ``staff-action-<key>`` with a result line under it. Pressing it
    emits ``action_requested(key)``; the staff controller runs ``StaffController.actions[key]``."""

    key: str
    label: str  # a message id (N_): translated when shown


#: The Tools tab's own actions, in order. A new staff tool is one line here and one handler in the controller.
ACTIONS: tuple[StaffAction, ...] = (
    StaffAction("print-test", N_("Print a test page")),
    StaffAction("change-pin", N_("Change the staff PIN")),
    StaffAction("export-flags", N_("Save outdated-info reports (USB stick or folder)")),
)


@dataclass(frozen=True)
class StaffData:
    """What the page shows: the status (or why it could not be read) and the newest sync log rows."""

    status: Status | None
    error: str | None = None
    log: list[dict[str, Any]] = field(default_factory=list)


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
    action_requested = Signal(str)  # a StaffAction's key
    settings_save_requested = Signal(dict)  # key path → value (kiosk.settingsfile)

    def build(self) -> None:
        self._status: Status | None = None
        self._stage: tuple[str, str] | None = None
        self._status_error: str | None = None
        self._log: list[dict[str, Any]] = []
        self._syncing = False
        self._sources = 0
        self._result: list[tuple[str, bool]] = []  # (line, ok)
        self._elapsed = 0
        self.tab_row = QWidget()
        self.tab_row.setObjectName("staff-tabs")
        tabs_flow = FlowLayout(self.tab_row, spacing=12)
        self.tabs: dict[str, Chip] = {}
        for key, _label in TABS:
            chip = Chip(key, f"staff-tab-{key}", checked=key == "data")
            chip.clicked.connect(lambda _c=False, k=key: self.show_tab(k))
            tabs_flow.addWidget(chip)
            self.tabs[key] = chip
        self.body.addWidget(self.tab_row)
        self.stack = QStackedWidget()
        self.panels: dict[str, QScrollArea] = {}
        for key, content in (("data", self._data_panel()), ("coverage", self._coverage_panel()),
                             ("tools", self._tools_panel()), ("settings", self._settings_panel())):
            area = touch_scroll_area(content)
            if key == "tools":  # buttons only, no wrapped text: its height is its layout's minimum, not 1 px
                content.setMinimumHeight(0)
            self.panels[key] = area
            self.stack.addWidget(area)
        self.body.addWidget(self.stack, 1)
        self.scroll_area = self.panels["data"]
        self.exit_button = Button("", role="danger", object_name="staff-exit")
        self.exit_button.clicked.connect(self.exit_requested)
        self.body.addWidget(self.exit_button)
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._count_up)

    @staticmethod
    def _column() -> tuple[QWidget, QVBoxLayout]:
        content = QWidget()
        col = QVBoxLayout(content)
        col.setContentsMargins(0, 0, 8, 0)
        col.setSpacing(20)
        return content, col

    @staticmethod
    def _card(*widgets: QWidget) -> Card:
        card = Card()
        box = QVBoxLayout(card)
        box.setContentsMargins(24, 18, 24, 18)
        for w in widgets:
            box.addWidget(w)
        return card

    def _data_panel(self) -> QWidget:
        content, col = self._column()
        self.data_heading = TextLabel("", role="subheading")
        self.demo_note = TextLabel("", role="warning")
        self.demo_note.setObjectName("staff-demo")
        self.freshness = TextLabel("")
        self.freshness.setObjectName("staff-freshness")
        col.addWidget(self._card(self.data_heading, self.demo_note, self.freshness))
        self.sources_heading = TextLabel("", role="subheading")
        self.sources_text = TextLabel("")
        self.sources_text.setObjectName("staff-sources")
        col.addWidget(self._card(self.sources_heading, self.sources_text))
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
        self.log_heading = TextLabel("", role="subheading")
        self.log_text = TextLabel("", role="small")
        self.log_text.setObjectName("staff-log")
        col.addWidget(self._card(self.log_heading, self.log_text))
        col.addStretch(1)
        return content

    def _coverage_panel(self) -> QWidget:
        content, col = self._column()
        self.coverage_heading = TextLabel("", role="subheading")
        self.coverage_hint = TextLabel("", role="hint")
        self.coverage_summary = TextLabel("")
        self.coverage_summary.setObjectName("staff-coverage-summary")
        self.coverage = CoverageTable()
        col.addWidget(self._card(self.coverage_heading, self.coverage_hint, self.coverage_summary, self.coverage))
        col.addStretch(1)
        return content

    def _tools_panel(self) -> QWidget:
        content, col = self._column()
        content.setObjectName("staff-tools")  # the theme caps its buttons' text size: long labels stay on screen
        self.tools_col = col
        self.sheets_button = Button("", object_name="staff-sheets")
        self.sheets_button.clicked.connect(lambda: self.navigate_requested.emit("sheets"))
        col.addWidget(self.sheets_button)
        self.action_buttons: dict[str, tuple[StaffAction, Button, TextLabel]] = {}
        for action in ACTIONS:
            self.add_action(action)
        self.stats_button = Button("", object_name="staff-stats")
        self.stats_button.clicked.connect(self.export_stats_requested)
        self.stats_result = TextLabel("")
        self.stats_result.setObjectName("staff-stats-result")
        self.stats_result.hide()
        self.clean_button = Button("", object_name="staff-clean")
        self.clean_button.clicked.connect(self.clean_requested)
        for widget in (self.stats_button, self.stats_result, self.clean_button):
            col.addWidget(widget)
        col.addStretch(1)
        return content

    def add_action(self, action: StaffAction) -> None:
        """One more tool on the Tools tab (its button emits ``action_requested(action.key)``)."""
        button = Button(_(action.label), object_name=f"staff-action-{action.key}")
        button.clicked.connect(lambda: self.action_requested.emit(action.key))
        result = TextLabel("")
        result.setObjectName(f"staff-action-{action.key}-result")
        result.hide()
        last = list(self.action_buttons.values())[-1][2] if self.action_buttons else self.sheets_button
        at = self.tools_col.indexOf(last) + 1  # after the last tool: the list keeps its order
        self.tools_col.insertWidget(at, button)
        self.tools_col.insertWidget(at + 1, result)
        self.action_buttons[action.key] = (action, button, result)

    def _settings_panel(self) -> QWidget:
        self.settings = SettingsPanel(self.ctx)
        self.settings.save_requested.connect(self.settings_save_requested)
        return self.settings

    def show_tab(self, key: str) -> None:
        for name, chip in self.tabs.items():
            chip.setChecked(name == key)
        self.stack.setCurrentWidget(self.panels[key])
        self.panels[key].verticalScrollBar().setValue(0)

    @property
    def current_tab(self) -> str:
        return next(k for k, area in self.panels.items() if area is self.stack.currentWidget())

    # -- what the coordinator shows ------------------------------------------------------------
    def show_stats_saved(self, path: str) -> None:
        self.stats_result.setText(_("Statistics saved: {path}").format(path=path))
        self.stats_result.show()

    def show_stats_failed(self, reason: str) -> None:
        self.stats_result.setText("⚠ " + _("The statistics could not be saved: {reason}").format(reason=reason))
        self.stats_result.show()

    def show_action_result(self, key: str, text: str, *, ok: bool) -> None:
        """The line under a tool's button: what it did, or what went wrong (marked ⚠ and coloured)."""
        _action, _button, label = self.action_buttons[key]
        label.setText(("✓ " if ok else "⚠ ") + text)
        set_role(label, "" if ok else "warning")
        label.show()

    def show_data(self, data: StaffData) -> None:
        self._status, self._status_error, self._log = data.status, data.error, data.log
        self.retranslate()

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
        self.hint.setText(_("Data, coverage, tools and settings for staff. Back returns to the residents' screen."))
        for key, label in TABS:
            self.tabs[key].set_label(_(label))
        self.data_heading.setText(_("Data on this kiosk"))
        self.sources_heading.setText(_("Sources"))
        self.log_heading.setText(_("Recent updates"))
        self.coverage_heading.setText(_("Minimum areas per municipality"))
        self.coverage_hint.setText(_("Each municipality should have at least one service or activity in every "
                                     "minimum content area. Nationwide services count everywhere."))
        self.sync_button.setText(_("Update data now"))
        self.exit_button.setText(_("Close the kiosk"))
        self.sheets_button.setText(_("Activity sheets"))
        self.stats_button.setText(_("Save the statistics (USB stick or folder)"))
        self.clean_button.setText(_("Clean the screen (touch off for 30 s)"))
        for action, button, _label in self.action_buttons.values():
            button.setText(_(action.label))
        self.settings.retranslate()
        self._show_status()
        self._show_log()
        self._show_coverage()
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
            self.sources_text.setText("\n\n".join(self._source_lines(src) for src in s.sources))
        else:  # the status could not be read: at least name what is configured
            self.sources_text.setText("\n".join(f"{src.name} ({src.kind})" for src in self.ctx.config.sources))

    @staticmethod
    def _source_lines(src: SourceStatus) -> str:
        if src.last_ok:
            state = _("OK")
        elif src.last_ok is False:
            state = "⚠ " + _("FAILED")
        else:
            state = _("never updated")
        lines = [_("{name}: {state}. Last success: {when}.").format(
            name=src.name, state=state, when=when_text(src.last_success))]
        lines.append("  " + _("Last try: {when}. Items: {count}.").format(
            when=when_text(src.last_attempt), count="—" if src.items is None else src.items))
        words = plain_reason(src.last_message) if src.last_ok is False else None
        if words:
            lines.append("  " + _(words))
            lines.append("  " + _("Details: {message}").format(message=src.last_message))
        return "\n".join(lines)

    def _show_log(self) -> None:
        if not self._log:
            self.log_text.setText(_("No updates yet."))
            return
        rows = []
        for entry in self._log[:LOG_ROWS]:
            when = when_text(entry.get("finished"))
            if entry.get("ok"):
                what = "✓ " + _("{new} new or changed, {removed} removed").format(
                    new=entry.get("upserts", 0), removed=entry.get("deleted", 0))
            else:
                words = plain_reason(entry.get("message"))
                what = "⚠ " + (_(words) if words else _("FAILED"))
            rows.append(f"{when} · {entry.get('source', '')}: {what}")
        self.log_text.setText("\n".join(rows))

    def _show_coverage(self) -> None:
        s = self._status
        if s is None:
            self.coverage_summary.setText(_("Reading the data…") if self._status_error is None else
                                          _("The data could not be read: {reason}").format(reason=self._status_error))
            self.coverage.setVisible(False)
            return
        gaps = len(s.coverage.missing)
        if gaps:
            self.coverage_summary.setText("⚠ " + _("Municipalities with gaps: {count} of {total}.").format(
                count=gaps, total=len(s.municipalities)))
            set_role(self.coverage_summary, "warning")
        else:
            self.coverage_summary.setText("✓ " + _("Every municipality has all minimum content areas."))
            set_role(self.coverage_summary, "")
        self.coverage.setVisible(True)
        self.coverage.show_coverage(s.coverage, s.municipalities, self.ctx.areas)

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
        for _action, _button, label in self.action_buttons.values():
            label.hide()
        self.settings.load_values()
        self.show_tab("data")
        self.retranslate()


def staff_data(tray: Tray, view: View) -> StaffData:
    """The reading lane's job: the status (a kiosk that never synced says so) and the sync log."""
    from kiosk.status import NoTrayData

    try:
        log = synclog.recent(view.config.data_dir, LOG_ROWS)
    except Exception:  # noqa: BLE001 - an unreadable log (sqlite3.Error, OSError) must not hide the status
        log = []
    try:
        return StaffData(reads.status(tray, view.config, view.now), None, log)
    except NoTrayData as exc:
        return StaffData(None, str(exc), log)


def load(view: View) -> PageLoad[StaffPage]:
    """The kiosk's status (data age, items, each source's last sync, coverage) and the recent sync log."""

    def run(tray: Tray) -> Any:
        data = staff_data(tray, view)
        return lambda page: page.show_data(data)

    return run


SPEC = PageSpec(
    "staff", StaffPage, load=load,
    intents=(Intent.BACK, Intent.SYNC, Intent.EXIT, Intent.EXPORT_STATS, Intent.CLEAN, Intent.REFRESH, Intent.NAVIGATE,
             Intent.STAFF_ACTION, Intent.SAVE_SETTINGS),
)
