"""Everything about one activity, readably: what it is, where and when, how to call, who tells — and
"Lisää omalle listalle" at the bottom, within reach in portrait.

Every text from the data is a separate plain-text label (headings, bullets, numbered steps, paragraphs as
``kiosk.browse`` split them); web addresses and e-mails are plain text too, because the kiosk follows no
links. Phone numbers are large.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk import reads
from kiosk.i18n import _
from kiosk.views import Block, Detail, LocationView, PhoneView, ProgrammeView
from ui.icons import IconMark
from ui.pages.base import Page
from ui.pages.spec import Intent, PageLoad, PageSpec, View, answer
from ui.widgets.card import language_marker, reveal
from ui.widgets.common import Button, TextLabel, clear_layout, touch_scroll_area

ZWSP = "\u200b"


def break_anywhere(text: str) -> str:
    """Let a long web address or e-mail wrap after / . - _ @ ? & = (a zero-width space marks the place)."""
    for ch in "/.-_@?&=":
        text = text.replace(ch, ch + ZWSP)
    return text


class DetailPage(Page):
    name = "detail"
    add_requested = Signal(str)
    remove_requested = Signal(str)
    flag_requested = Signal(str, str)  # (item id, source): "Tieto on vanhentunut?"

    def build(self) -> None:
        self.detail: Detail | None = None
        self.in_list = False
        self._loaded = False
        self._wide: bool | None = None
        self.content = content = QWidget()
        content.setObjectName("detail-content")
        outer = QVBoxLayout(content)
        outer.setContentsMargins(0, 0, 12, 24)
        self.columns = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.columns.setSpacing(14)
        outer.addLayout(self.columns)
        outer.addStretch(1)
        self.main_col, self.side_col = QVBoxLayout(), QVBoxLayout()
        for col in (self.main_col, self.side_col):
            col.setSpacing(14)
            self.columns.addLayout(col, 1)
        self.box = self.main_col  # where the next label goes
        self.area = touch_scroll_area(content)
        self.area.setObjectName("detail-scroll")
        self.body.addWidget(self.area, 1)
        # "+ Add" at the bottom (within reach); once added, the same place says "✓ On your list" and
        # "Remove from list" is a separate, smaller action at the other end.
        row = QHBoxLayout()
        row.setSpacing(16)
        self.remove_button = Button("", object_name="detail-remove")
        self.remove_button.clicked.connect(self._remove)
        self.on_list = TextLabel("", role="badge")
        self.on_list.setObjectName("detail-on-list")
        self.on_list.setWordWrap(False)
        self.action = Button("", role="primary", object_name="detail-action")
        self.action.clicked.connect(self._add)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(self.on_list, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.action, 3)
        for widget in (self.remove_button, self.on_list, self.action):
            widget.setVisible(False)
        self.body.addLayout(row)

    def retranslate(self) -> None:
        super().retranslate()
        if self._loaded:
            self._render()
        else:
            self.title.setText("")
        self._set_action()

    # -- what the router calls -----------------------------------------------------------------
    def show_detail(self, detail: Detail | None, in_list: bool) -> None:
        self.detail, self.in_list, self._loaded = detail, in_list, True
        self._render()
        self._set_action()
        self.area.verticalScrollBar().setValue(0)

    def show_loaded(self, detail: Detail | None) -> None:
        """The item the router loaded (``None``: it is no longer in the tray), marked if on the list."""
        self.show_detail(detail, detail is not None and detail.card.id in self.ctx.session.my_list)

    def mark_in_list(self, in_list: set[str]) -> None:
        if self.detail is not None:
            self.in_list = self.detail.card.id in in_list
            self._set_action()

    def show_error(self, reason: str = "") -> None:
        self.detail, self._loaded = None, True
        self._render(error=True)
        self._set_action()

    def reset(self) -> None:
        self.detail, self.in_list, self._loaded = None, False, False
        self._clear()
        self.title.setText("")
        self._set_action()
        self.area.verticalScrollBar().setValue(0)

    # -- the action ----------------------------------------------------------------------------
    def _set_action(self) -> None:
        shown = self.detail is not None
        self.action.setVisible(shown and not self.in_list)
        self.on_list.setVisible(shown and self.in_list)
        self.remove_button.setVisible(shown and self.in_list)
        if self.detail is None:
            return
        self.action.setText("+ " + _("Add to my list"))
        self.on_list.setText("✓ " + _("On your list"))
        self.remove_button.setText(_("Remove from list"))
        if self.in_list:
            self.hint.setText(_("This is on your list. Go back to see more activities."))
        else:
            self.hint.setText(_("Add this to your list to take it home, or go back."))

    def _add(self) -> None:
        if self.detail is not None:
            self.in_list = True
            self._set_action()
            self.add_requested.emit(self.detail.card.id)

    def _remove(self) -> None:
        if self.detail is not None:
            self.in_list = False
            self._set_action()
            self.remove_requested.emit(self.detail.card.id)

    # -- rendering -----------------------------------------------------------------------------
    def _label(self, text: str, role: str | None = None, name: str | None = None, indent: int = 0) -> TextLabel:
        label = TextLabel(text, role=role)
        if name:
            label.setObjectName(name)
        if indent:
            label.setIndent(indent)
        self.box.addWidget(label)
        return label

    def _line(self, icon: str, text: str, name: str, role: str | None = None, breakable: bool = False,
              wrap: bool = True) -> None:
        row = QHBoxLayout()
        row.setSpacing(14)
        row.addWidget(IconMark(icon), 0, Qt.AlignmentFlag.AlignTop)
        label = TextLabel(break_anywhere(text) if breakable else text, role=role)
        label.setWordWrap(wrap)
        label.setAccessibleName(text)
        label.setObjectName(name)
        row.addWidget(label, 1)
        self.box.addLayout(row)

    def _heading(self, text: str, name: str) -> None:
        if self.box.count():
            self.box.addSpacing(12)
        self._label(text, role="subheading", name=name)

    def _clear(self) -> None:
        for col in (self.main_col, self.side_col):
            clear_layout(col)
        self.box = self.main_col

    def _arrange(self) -> None:
        """Landscape: the description on the left, where / when / how to reach on the right."""
        wide = self.width() > self.height() and self.width() >= 1200
        if wide == self._wide:
            return
        self._wide = wide
        self.columns.setDirection(QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom)
        self.columns.setStretch(0, 3 if wide else 0)
        self.columns.setStretch(1, 2 if wide else 0)
        self.columns.setSpacing(48 if wide else 28)

    def relayout(self) -> None:
        self._arrange()

    def _render(self, error: bool = False) -> None:
        self._fill(error)
        # Top-aligned by a stretch below, not by layout alignment: an aligned layout gets its one-line size
        # hint and its wrapped lines (long addresses, web addresses) would be cut.
        for col in (self.main_col, self.side_col):
            col.addStretch(1)
        reveal(self.content)

    def _fill(self, error: bool) -> None:
        self._clear()
        self._arrange()
        if self.detail is None:
            self._fill_missing(error)
            return
        self.title.setText(self.detail.card.name)
        self._fill_what(self.detail)
        self.box = self.side_col
        self._fill_where_and_how(self.detail)
        self.box = self.main_col

    def _fill_missing(self, error: bool) -> None:
        self.title.setText(_("Not found"))
        self._label(
            _("The information could not be loaded. Go back and try again.")
            if error
            else _("This activity is no longer in the list. Go back and choose another one."),
            role="subheading",
            name="not-found",
        )
        back = Button("← " + _("Back"), role="primary", object_name="not-found-back")
        back.clicked.connect(self.back_requested)
        self.box.addWidget(back)
        self.box.addStretch(1)
        self.hint.setText(_("Tap Back to return."))

    def _fill_what(self, d: Detail) -> None:
        """The main column: who, when, cost, languages, then the texts."""
        lang, c = self.ctx.session.language, d.card
        marks = [m for m in (language_marker(c.name_lang, lang), _("Example") if c.demo else "") if m]
        if marks:
            self._label(" · ".join(marks), role="small", name="detail-marker")
        if c.organiser:
            self._line("person", f"{c.organiser} · {d.organiser_type}" if d.organiser_type else c.organiser,
                       "detail-organiser")  # fmt: skip
        self._line("clock", c.status or _("Opening hours not known"), "detail-status")
        self._line("free", c.cost_text, "detail-cost")
        if d.cost_info:
            self._label(d.cost_info, name="detail-cost-info", indent=50)
        if c.languages_text:
            self._line("language", _("Languages: {languages}").format(languages=c.languages_text), "detail-languages")
        if c.online:
            self._line("phone", _("By phone or online"), "detail-online")
        if d.summary:
            self.box.addSpacing(8)
            self._text_language_note(d.summary_lang, lang, "summary")
            self._label(d.summary, role="subheading", name="detail-summary")
        if d.blocks:
            if d.blocks_lang != d.summary_lang or not d.summary:
                self._text_language_note(d.blocks_lang, lang, "blocks")
            for i, block in enumerate(d.blocks):
                self._block(block, i)

    def _fill_where_and_how(self, d: Detail) -> None:
        """The side column: places with hours, phones, web and e-mail, programmes, who tells."""
        for i, location in enumerate(d.locations):
            self._location(location, i, len(d.locations))
        if d.phones:
            self._heading(_("Phone"), "phones-heading")
            for i, phone in enumerate(d.phones):
                self._phone(phone, i)
        if d.web or d.emails:
            self._heading(_("Online"), "online-heading")
            for i, (title, url) in enumerate(d.web):
                self._line("web", f"{title}: {url}" if title and title != url else url, f"web-{i}", breakable=True)
            for i, email in enumerate(d.emails):
                self._line("mail", email, f"email-{i}", breakable=True)
        if d.programmes:
            self._programmes(d.programmes)
        self.box.addSpacing(16)
        self._label(d.provided_by, role="small", name="provided-by")
        self._flag_button()

    def _flag_button(self) -> None:
        """"Tieto on vanhentunut?": a reason is chosen on a sheet over the page (see ui.flags)."""
        flag = Button(_("Report outdated info"), object_name="detail-flag")
        flag.clicked.connect(self._flag)
        self.box.addWidget(flag, 0, Qt.AlignmentFlag.AlignLeft)

    def _flag(self) -> None:
        if self.detail is not None:
            self.flag_requested.emit(self.detail.card.id, self.detail.item.source)

    def _text_language_note(self, text_lang: str | None, lang: str, part: str) -> None:
        if text_lang and text_lang != lang:
            note = {
                "fi": _("This text is in Finnish."),
                "sv": _("This text is in Swedish."),
                "en": _("This text is in English."),
            }.get(text_lang, _("This text is in another language."))
            self._label(note, role="badge", name=f"lang-note-{part}")

    def _block(self, block: Block, index: int) -> None:
        name = f"block-{index}"
        if block.kind == "heading":
            self._heading(block.text, name)
        elif block.kind == "bullet":
            self._label("•  " + block.text, name=name, indent=24)
        elif block.kind == "number":
            self._label(f"{block.number or 1}.  {block.text}", name=name, indent=24)
        else:
            self._label(block.text, name=name)

    def _location(self, loc: LocationView, index: int, count: int) -> None:
        self._heading(
            loc.name or (_("Where") if count == 1 else _("Place {number}").format(number=index + 1)),
            f"location-{index}",
        )
        if loc.address:
            marker = language_marker(loc.address_lang, self.ctx.session.language)  # a street only in Finnish
            self._line("location", f"{loc.address} {marker}" if marker else loc.address, f"address-{index}")
        if loc.distance_text:
            self._label(
                _("Distance: {distance}").format(distance=loc.distance_text), name=f"distance-{index}", indent=50
            )
        if loc.hours or loc.hours_note or loc.holidays:
            self._line("clock", _("Opening hours"), f"hours-title-{index}")
            for j, line in enumerate(loc.hours):
                self._label(line, name=f"hours-{index}-{j}", indent=50)
            for j, line in enumerate(loc.holidays):
                self._label(line, name=f"holiday-{index}-{j}", indent=50)
            if loc.hours_note:
                self._label(loc.hours_note, name=f"hours-note-{index}", indent=50)
        if loc.accessibility:
            self._line("accessible", loc.accessibility, f"access-{index}")
        if loc.accessibility_details:
            marker = language_marker(loc.accessibility_details_lang, self.ctx.session.language)
            title = _("Accessibility")
            self._line("accessible", f"{title} {marker}" if marker else title, f"access-title-{index}")
            for j, line in enumerate(loc.accessibility_details):
                self._label(line, name=f"access-{index}-{j}", indent=50)

    def _phone(self, phone: PhoneView, index: int) -> None:
        self._line("phone", phone.number, f"phone-{index}", role="phone", wrap=False)  # never "+358 44 555 / 2147"
        sms = _("Text messages only") if phone.sms else None
        for j, extra in enumerate((sms, phone.info, phone.cost_text, *phone.hours)):
            if extra:
                self._label(extra, name=f"phone-{index}-{j}", indent=50)

    def _programmes(self, programmes: tuple[ProgrammeView, ...]) -> None:
        """Each card or referral with how to get it (the kiosk never issues one: professionals do)."""
        self._heading(_("Cards and referrals"), "programmes-heading")
        for badge_view in programmes:
            badge = TextLabel(badge_view.name, role="badge")
            badge.setObjectName(f"programme-{badge_view.key}")
            badge.setWordWrap(False)
            self.box.addWidget(badge, 0, Qt.AlignmentFlag.AlignLeft)
            if badge_view.how:
                self._label(badge_view.how, name=f"programme-{badge_view.key}-how")


def load(view: View) -> PageLoad[DetailPage] | None:
    """Everything about the item the resident opened."""
    item_id = view.item_id
    if item_id is None:
        return None
    lang, now, home = view.session.language, view.now, view.home
    return answer(lambda tray: reads.detail(tray, item_id, lang, now, home), DetailPage.show_loaded)


SPEC = PageSpec("detail", DetailPage, intents=(Intent.BACK, Intent.ADD, Intent.REMOVE, Intent.FLAG), load=load)
