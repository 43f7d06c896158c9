"""The self-assessment's core: the content pack, the answers, and the engine over the real demo snapshot."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk import browse, snapshot
from kiosk.areas import load_areas
from kiosk.assessment.answers import AnswerError, Answers, Preferences, parse_answers, said, support_first
from kiosk.assessment.pack import DEFAULT_PACK_FILE, load_pack
from kiosk.assessment.recommend import MAX_LIMIT, PER_ORGANISER, area_scores, leading_areas, recommend
from kiosk.cards import facts_for
from kiosk.config import load_config
from kiosk.contentfile import ContentError
from kiosk.programmes import load_programmes, programmes_of
from kiosk.tray import open_tray

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 24, 10, 30, tzinfo=ZoneInfo("Europe/Helsinki"))  # a Tuesday morning
KAJAANI, SUOMUSSALMI = "205", "777"
CLINICAL = ("masennus", "depression", "diagnoos", "diagnos", "riski", "risk", "pisteet", "score", "häiriö",
            "sjukdom", "disorder", "sairaus", "itsetuho", "självskad", "self-harm", "väkivalta", "violence")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):  # type: ignore[no-untyped-def]
    data = tmp_path_factory.mktemp("assess")
    tray = open_tray(snapshot.ensure_demo(data))
    home = browse.home_point(tray, load_config(None, data_dir=data, env={}))
    yield tray, home
    tray.close()


def run(demo, answers: Answers, lang: str = "fi", **kw):  # type: ignore[no-untyped-def]
    tray, home = demo
    return recommend(tray, load_pack(), answers, lang, NOW, home, **kw)


def ans(*pairs: tuple[str, str | tuple[str, ...]], **prefs: object) -> Answers:
    chosen = tuple((q, (o,) if isinstance(o, str) else o) for q, o in pairs)
    return Answers(chosen, Preferences(**prefs))  # type: ignore[arg-type]


# --- the pack ---------------------------------------------------------------------------------------


def test_the_default_pack_has_seven_to_nine_screens_in_three_languages():
    pack = load_pack()
    assert 7 <= pack.steps <= 9
    for q in pack.questions:
        for lang in ("fi", "sv", "en"):
            assert q.texts[lang] and q.helpers[lang]
            assert all(o.labels[lang] for o in q.options)
    assert "ei kliininen" in pack.review("fi").lower()


def test_every_content_area_is_reachable_from_some_answer():
    reachable = {area for q in load_pack().questions for o in q.options for area in o.areas}
    assert reachable == set(load_areas().keys)


def test_only_very_hard_brings_support_first_and_nothing_clinical_is_said():
    pack = load_pack()
    safety = [(q.id, o.id) for q in pack.questions for o in q.options if o.safety]
    assert safety == [("coping", "very")]
    text = DEFAULT_PACK_FILE.read_text(encoding="utf-8").lower()
    shown = [line for line in text.splitlines()
             if not line.lstrip().startswith(("#", "scored")) and "words" not in line]
    for word in CLINICAL:
        assert not any(word in line for line in shown), word


def test_every_pictogram_exists():
    for q in load_pack().questions:
        for o in q.options:
            assert (ROOT / "assets" / "icons" / f"{o.pictogram}.svg").is_file(), o.pictogram


@pytest.mark.parametrize(("change", "field", "words"), [
    ('areas = { culture = 3 }', "sportz", "not a content area"),
    ('areas = { culture = 3 }', "culture = 7", "from 1 to 3"),
    ('reason = "music"', 'reason = "nope"', "a key of [reasons]"),
    ("scored = false", "scored = true", "scored packs"),
    ('kind = "multi"', 'kind = "many"', "'many' is not one of"),
])
def test_a_broken_pack_names_file_line_and_field(tmp_path, change, field, words):
    text = DEFAULT_PACK_FILE.read_text(encoding="utf-8")
    if change.startswith("areas"):
        broken = text.replace(change, change.replace("culture = 3", field if "=" in field else f"{field} = 1"), 1)
    else:
        broken = text.replace(change, field, 1)
    path = tmp_path / "pack.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_pack(path)
    assert words in str(err.value) and "pack.toml" in str(err.value) and err.value.line is not None
    assert broken.splitlines()[err.value.line - 1].strip()  # the line points at real text


def test_a_pack_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "pack.toml"
    path.write_bytes(b"\xef\xbb\xbf" + DEFAULT_PACK_FILE.read_bytes())
    assert load_pack(path).id == "hyte-default"


# --- answers ----------------------------------------------------------------------------------------


def test_parse_answers_names_every_unknown_id():
    pack = load_pack()
    with pytest.raises(AnswerError) as err:
        parse_answers(pack, {"answers": {"compny": "often", "coping": "nope", "interests": ["music", "x"]},
                             "preferences": {"free_only": "yes", "colour": "red"}})
    text = str(err.value)
    for part in ("question 'compny'", "option coping.nope", "option interests.x", "free_only='yes'",
                 "preference 'colour'"):
        assert part in text, part


def test_parse_answers_reads_the_documented_format():
    pack = load_pack()
    answers = parse_answers(pack, {"answers": {"company": "often", "interests": ["music", "nature"], "habits": []},
                                   "preferences": {"municipality": "205", "free_only": True, "time_of_day": "evening"}})
    assert answers.get("company") == ("often",) and answers.get("habits") == ()
    assert answers.preferences == Preferences(municipality="205", free_only=True, time_of_day="evening")


def test_what_was_said_is_the_chosen_words_per_domain_never_a_score():
    pack = load_pack()
    shown = said(pack, ans(("company", "often"), ("interests", ("music", "reading")), ("habits", ())), "sv")
    assert [(s.name, s.answer) for s in shown] == [
        ("Sällskap", "Ofta, jag är mycket ensam"),
        ("Fritid", "Musik och sång, Läsning och bibliotek"),
        ("Levnadsvanor", ""),
    ]
    assert shown[2].skipped and shown[0].wish == 3


# --- the engine -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("answers", "leading"), [
    (ans(("moving", "more")), "sports"),
    (ans(("company", "often")), "participation"),
    (ans(("interests", "music")), "culture"),
    (ans(("interests", "nature")), "nature"),
    (ans(("everyday", "money")), "income"),
    (ans(("everyday", "new-here")), "integration"),
    (ans(("everyday", "work")), "work"),
    (ans(("habits", "alcohol")), "substances"),
    (ans(("habits", "food")), "nutrition"),
    (ans(("coping", "often")), "mental"),
    (ans(("moving", "hard"), ("habits", "sleep")), "selfcare"),
])
def test_answers_lead_to_their_areas(demo, answers, leading):
    assert leading_areas(area_scores(load_pack(), answers))[0] == leading
    rec = run(demo, answers)
    assert rec.groups and rec.groups[0].area == leading


def test_nothing_answered_still_suggests_something_to_try(demo):
    rec = run(demo, Answers())
    assert 3 <= len(rec.suggestions) <= MAX_LIMIT and not rec.support_first
    assert all(r.text for s in rec.suggestions for r in s.reasons)


def test_very_hard_puts_support_first_with_112_and_crisis_lines(demo):
    answers = ans(("coping", "very"))
    assert support_first(load_pack(), answers)
    rec = run(demo, answers, "sv")
    assert rec.support_first
    assert rec.contacts[0].phone == "112"
    crisis = [c for c in rec.contacts if c.kind == "crisis"]
    assert crisis and "svenska" in crisis[0].name  # the line answering in the resident's language first
    assert any(c.kind == "region" for c in rec.contacts)
    assert not run(demo, ans(("coping", "often"))).support_first


def test_free_only_means_known_to_be_free(demo):
    tray, _ = demo
    rec = run(demo, ans(("interests", ("music", "exercise", "clubs")), free_only=True), limit=8)
    assert rec.suggestions
    facts = facts_for(tray, [s.id for s in rec.suggestions])
    assert {f.cost for f in facts.values()} == {"free"}
    assert all(any(r.code == "free" for r in s.reasons) for s in rec.suggestions)


def test_a_municipality_wish_keeps_to_it_or_to_nationwide_services(demo):
    tray, _ = demo
    rec = run(demo, ans(("moving", "more"), ("company", "often"), municipality=SUOMUSSALMI), limit=8)
    facts = facts_for(tray, [s.id for s in rec.suggestions])
    assert rec.suggestions
    assert all(f.nationwide or SUOMUSSALMI in f.municipalities for f in facts.values())


def test_a_language_wish_is_known_not_guessed(demo):
    tray, _ = demo
    rec = run(demo, ans(("interests", ("music", "clubs")), language="sv"))
    facts = facts_for(tray, [s.id for s in rec.suggestions])
    assert all("sv" in f.languages for f in facts.values())
    assert all(any(r.code == "language:sv" for r in s.reasons) for s in rec.suggestions)


def test_the_same_answers_give_the_same_suggestions(demo):
    answers = ans(("overall", "so-so"), ("company", "sometimes"), ("interests", ("music", "nature")))
    first, second = run(demo, answers), run(demo, answers)
    assert [(s.id, s.reasons) for s in first.suggestions] == [(s.id, s.reasons) for s in second.suggestions]


def test_suggestions_are_spread_one_card_an_activity_two_an_organiser(demo):
    rec = run(demo, ans(("interests", ("music", "crafts", "reading", "nature", "exercise", "clubs"))), limit=8)
    assert len(rec.suggestions) == 8
    organisers = Counter(s.card.organiser for s in rec.suggestions if s.card.organiser)
    assert max(organisers.values()) <= PER_ORGANISER
    activities = [(s.card.name.casefold(), (s.card.organiser or "").casefold()) for s in rec.suggestions]
    assert len(set(activities)) == len(activities)
    assert len(rec.groups) >= 3  # spread over areas


def test_every_suggestion_says_why_and_the_answer_reason_fits(demo):
    rec = run(demo, ans(("habits", "alcohol")))
    first = rec.suggestions[0]
    assert first.reasons[0].code == "answer:alcohol"
    assert "alkoholi" in first.reasons[0].text
    near = [r for s in rec.suggestions for r in s.reasons if r.code == "near"]
    assert near and near[0].text.startswith("Lähellä: ")


def test_an_evening_wish_finds_evening_hours(demo):
    rec = run(demo, ans(("interests", ("music", "clubs", "exercise")), time_of_day="evening"))
    timed = [s for s in rec.suggestions if any(r.code == "time:evening" for r in s.reasons)]
    assert timed and rec.suggestions[0] in timed


def test_programme_badges_come_from_the_source_and_the_content(tmp_path, demo):
    tray, _ = demo
    rec = run(demo, ans(("interests", "music")), limit=8)
    badges = [r for s in rec.suggestions for r in s.reasons if r.code.startswith("programme:")]
    assert badges and badges[0].text in {p.chip("fi") for p in load_programmes().programmes}
    path = tmp_path / "programmes.toml"
    text = (ROOT / "kiosk" / "content" / "programmes.toml").read_text(encoding="utf-8")
    path.write_text(text + '\n[[badge]]\nprogramme = "kaikukortti"\nitems = ["demo:0001"]\n', encoding="utf-8")
    catalogue = load_programmes(path)
    from kiosk.cards import items_for

    item = items_for(tray, ["demo:0001"])[0]
    assert "kaikukortti" in programmes_of(item, catalogue)


def test_nothing_of_the_answers_reaches_the_snapshot(demo, tmp_path):
    tray, _ = demo
    path = Path(tray.db.execute("PRAGMA database_list").fetchall()[0][2])
    before = path.read_bytes()
    run(demo, ans(("coping", "very"), ("habits", "gambling")))
    assert path.read_bytes() == before


# --- the commands -----------------------------------------------------------------------------------


def cli(*args: str, stdin: str = "", data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(data), *args], input=stdin,
                          capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(data)})


def test_questions_json_has_the_documented_shape(tmp_path):
    out = cli("questions", "--lang", "sv", "--json", data=tmp_path)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["pack"]["id"] == "hyte-default" and data["pack"]["version"]
    q = data["questions"][0]
    assert set(q) >= {"id", "text", "kind", "options"} and q["kind"] in ("single", "multi")
    assert set(q["options"][0]) >= {"id", "label", "areas", "safety"}
    assert {p["id"] for p in data["preferences"]} == {"municipality", "free_only", "accessible", "remote",
                                                       "language", "time_of_day"}


def test_recommend_reads_answers_and_prints_reasons(tmp_path):
    answers = {"answers": {"company": "often", "interests": ["music"]}, "preferences": {"free_only": True}}
    out = cli("recommend", "--answers", "-", "--json", stdin=json.dumps(answers), data=tmp_path)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["support_first"] is False and data["contacts"][0]["phone"] == "112"
    assert 3 <= len(data["suggestions"]) <= 8
    for s in data["suggestions"]:
        assert set(s) >= {"id", "name", "areas", "reasons", "free", "municipalities"} and s["free"] is True
        assert all(set(r) == {"code", "text"} for r in s["reasons"])


def test_recommend_exits_2_naming_unknown_ids(tmp_path):
    out = cli("recommend", "--answers", "-", stdin='{"answers": {"compny": "often", "coping": "x"}}', data=tmp_path)
    assert out.returncode == 2
    assert "compny" in out.stderr and "coping.x" in out.stderr and "Traceback" not in out.stderr


def test_sensitive_activities_only_when_an_answer_points_there(demo):
    tray, _ = demo
    sensitive = set(load_pack().sensitive)
    assert sensitive == {"mental", "substances"}
    for lang in ("fi", "sv"):
        rec = run(demo, ans(("company", "often"), ("interests", ("clubs", "volunteer"))), lang, limit=8)
        assert rec.suggestions
        assert not any(sensitive & set(s.card.categories) for s in rec.suggestions)
    asked = run(demo, ans(("habits", "alcohol")))
    assert any("substances" in s.card.categories for s in asked.suggestions)


def test_recommend_refuses_a_huge_or_broken_answers_file_with_exit_2(tmp_path):
    huge = '{"answers": {"company": "often"}, "x": "' + "a" * 200_000 + '"}'
    out = cli("recommend", "--answers", "-", stdin=huge, data=tmp_path)
    assert out.returncode == 2 and "too long" in out.stderr
    bad = tmp_path / "answers.json"
    bad.write_bytes(b"\xff\xfe{")
    out = cli("recommend", "--answers", str(bad), data=tmp_path)
    assert out.returncode == 2 and "Traceback" not in out.stderr
