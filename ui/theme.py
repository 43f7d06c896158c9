"""Design tokens and the style sheet: three text sizes (A, A+, A++) and a high-contrast variant.

Values come from DESIGN.md: body 24/30/38 px, headings 1.6×, no text under 20 px, touch targets ≥ 64 px,
text #1B1B1B on #FAF8F4, primary #0B5394, help-now #A4161A, focus ring #1B1B1B with #FFD400 inside;
high contrast: white and #FFE600 on black. Theme tiles carry white text on their area colour.
"""

from __future__ import annotations

from dataclasses import dataclass

BODY_PX = (24, 30, 38)
HEADING_SCALE = 1.6
MIN_TEXT_PX = 20
TOUCH_PX = 64
HELP_RED = "#A4161A"  # "Tarvitsen apua nyt" keeps its colour in every theme (white text on it: 7.3:1)
FONT_FAMILY = "DejaVu Sans"

AREA_COLOURS: dict[str, str] = {
    "sports": "#1C5D99", "culture": "#7A2E8E", "nature": "#2E6B30", "lifestyle": "#0E6E6E",
    "nutrition": "#8A4B00", "mental": "#4A3F9E", "substances": "#6D4C41", "contact": "#A4161A",
    "income": "#5B5B00", "participation": "#AD2E5B", "work": "#37474F", "integration": "#00695C",
    "selfcare": "#8C3B0C", "everyday": "#4E5D1E",
}  # fmt: skip


@dataclass(frozen=True)
class Palette:
    text: str
    background: str
    surface: str
    primary: str
    on_primary: str
    danger: str
    on_danger: str
    muted: str
    border: str
    focus_outer: str
    focus_inner: str
    warning_bg: str
    warning_text: str
    high_contrast: bool = False


NORMAL = Palette(
    text="#1B1B1B", background="#FAF8F4", surface="#FFFFFF", primary="#0B5394", on_primary="#FFFFFF",
    danger="#A4161A", on_danger="#FFFFFF", muted="#4A4A4A", border="#8A8A8A", focus_outer="#1B1B1B",
    focus_inner="#FFD400", warning_bg="#FFF1B8", warning_text="#1B1B1B",
)  # fmt: skip
HIGH_CONTRAST = Palette(
    text="#FFFFFF", background="#000000", surface="#000000", primary="#FFE600", on_primary="#000000",
    danger="#FFE600", on_danger="#000000", muted="#FFFFFF", border="#FFFFFF", focus_outer="#FFFFFF",
    focus_inner="#FFE600", warning_bg="#FFE600", warning_text="#000000", high_contrast=True,
)  # fmt: skip


def palette(high_contrast: bool) -> Palette:
    return HIGH_CONTRAST if high_contrast else NORMAL


def body_px(text_size: int) -> int:
    return BODY_PX[max(0, min(text_size, len(BODY_PX) - 1))]


def heading_px(text_size: int) -> int:
    return round(body_px(text_size) * HEADING_SCALE)


def small_px(text_size: int) -> int:
    return max(MIN_TEXT_PX, round(body_px(text_size) * 0.85))


def tile_colour(key: str, high_contrast: bool) -> tuple[str, str]:
    """(background, text) for a theme tile."""
    if high_contrast:
        return "#000000", "#FFFFFF"
    return AREA_COLOURS.get(key, NORMAL.primary), "#FFFFFF"


def stylesheet(text_size: int, high_contrast: bool) -> str:
    """The application style sheet. Widgets pick roles with ``setProperty("role", ...)`` (see ``ui.widgets``)."""
    p = palette(high_contrast)
    body, head, small = body_px(text_size), heading_px(text_size), small_px(text_size)
    touch = max(TOUCH_PX, round(body * 2.4))
    return f"""
* {{ font-family: "{FONT_FAMILY}"; font-size: {body}px; color: {p.text}; }}
QWidget#KioskWindow, QStackedWidget, QWidget[role="page"] {{ background: {p.background}; }}
QScrollArea, QScrollArea > QWidget > QWidget {{ background: transparent; border: none; }}
QLabel[role="heading"] {{ font-size: {head}px; font-weight: bold; }}
QLabel[role="subheading"] {{ font-size: {round(body * 1.25)}px; font-weight: bold; }}
QLabel[role="hint"] {{ font-size: {small}px; color: {p.muted}; }}
QLabel[role="small"] {{ font-size: {small}px; }}
QLabel[role="badge"] {{ font-size: {small}px; border: 2px solid {p.border}; border-radius: 8px; padding: 2px 10px; }}
QLabel[role="warning"] {{ background: {p.warning_bg}; color: {p.warning_text}; padding: 8px 14px; border-radius: 8px;
    font-size: {small}px; }}
QLabel[role="reason"] {{ font-size: {small}px; font-weight: bold; color: {p.text}; background: {p.background};
    border: 2px solid {p.primary}; border-radius: 14px; padding: 2px 12px; }}
QPushButton[role="answer"] {{ text-align: left; padding: 10px 18px; font-weight: normal; color: {p.text};
    min-height: {round(touch * 1.35)}px; }}
QLabel[role="answer"] {{ font-size: {round(body * 1.15)}px; }}
QPushButton[role="answer"][chosen="true"] {{ border: 7px solid {p.primary};
    background: {"#000000" if p.high_contrast else "#DCEBFA"}; }}
QFrame#assess-helper-card {{ border: 3px dashed {p.primary}; }}
QLabel[role="phone"] {{ font-size: {round(body * 1.5)}px; font-weight: bold; }}
QPushButton {{ min-height: {touch}px; padding: 6px 22px; border-radius: 12px; border: 3px solid {p.primary};
    background: {p.surface}; color: {p.primary}; font-weight: bold; }}
QPushButton[role="primary"] {{ background: {p.primary}; color: {p.on_primary}; }}
QPushButton[role="danger"] {{ background: {p.danger}; color: {p.on_danger}; border-color: {p.danger}; }}
QPushButton#help-now {{ background: {HELP_RED}; color: #FFFFFF; border: 4px solid {"#FFFFFF" if high_contrast else HELP_RED}; }}
QPushButton[role="tile"] {{ color: #FFFFFF; border: none; border-radius: 16px; text-align: left; padding: 16px; }}
QPushButton[role="chip"] {{ border-radius: {touch // 2}px; padding: 4px 20px; font-weight: normal; }}
QPushButton[role="chip"]:checked {{ background: {p.primary}; color: {p.on_primary}; font-weight: bold; }}
QPushButton[role="key"] {{ padding: 0px; font-size: {round(body * 1.15)}px; }}
QPushButton:checked {{ background: {p.primary}; color: {p.on_primary}; }}
QPushButton:focus {{ outline: none; }}
QWidget#KioskWindow[keyboard="true"] QPushButton:focus {{ border: 4px solid {p.focus_outer}; }}
QPushButton:disabled {{ color: {p.muted}; border-color: {p.border}; }}
QFrame[role="bar"] QPushButton {{ font-size: {min(body, 30)}px; padding: 4px 12px;
    min-height: {max(TOUCH_PX, round(min(body, 30) * 2.1)) - 14}px; }}
QFrame[role="bar"][vertical="true"] {{ border-top: none; border-right: 2px solid {p.border}; }}
QLabel#bar-clock {{ font-size: {min(small, 22)}px; }}
QFrame[role="bar"][vertical="true"] QPushButton {{ font-size: {min(body, 26)}px; }}
QFrame[role="bar"][vertical="true"] QPushButton[language="true"] {{ font-size: {min(body, 24)}px; padding: 4px 6px; }}
QWidget#staff-tools QPushButton {{ font-size: {min(body, 26)}px; }}
QFrame[role="card"] {{ background: {p.surface}; border: 2px solid {p.border}; border-radius: 14px; }}
QFrame[role="bar"] {{ background: {p.surface}; border: none; border-top: 2px solid {p.border}; }}
QFrame[role="snackbar"] {{ background: {p.text}; border-radius: 14px; }}
QLabel[role="snackbar"] {{ color: {p.background}; font-weight: bold; }}
QFrame[role="overlay"] {{ background: rgba(0, 0, 0, 190); }}
QFrame[role="dialog"] {{ background: {p.surface}; border: 4px solid {p.text}; border-radius: 18px; }}
QLineEdit {{ min-height: {touch}px; border: 3px solid {p.text}; border-radius: 10px; padding: 0 14px;
    background: {p.surface}; font-size: {round(body * 1.2)}px; }}
QTextBrowser {{ background: transparent; border: none; }}
QProgressBar {{ min-height: 24px; border: 2px solid {p.border}; border-radius: 8px; background: {p.surface};
    color: {p.text}; text-align: center; }}
QProgressBar::chunk {{ background: {p.primary}; border-radius: 6px; }}
QScrollBar:vertical {{ width: 24px; background: {p.background}; }}
QScrollBar::handle:vertical {{ background: {p.border}; min-height: 60px; border-radius: 10px; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0px; border: none; background: none; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
"""
