"""``hyte-kiosk questions`` and ``hyte-kiosk recommend``: the self-assessment for staff, tests and reviewers.

``questions`` prints the pack (what the screen asks, each answer's areas and whether it brings support
first). ``recommend`` reads an answers file (``docs/self-assessment.md``) and prints the suggestions with
their reasons from the live snapshot. Unknown question, option or preference ids exit 2, naming them.
Nothing of the answers is written anywhere.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from kiosk import browse
from kiosk.assessment.answers import AnswerError, parse_answers
from kiosk.assessment.pack import Pack, load_pack
from kiosk.assessment.recommend import DEFAULT_LIMIT, MAX_LIMIT, MIN_LIMIT, Recommendation, recommend
from kiosk.command import EXIT_OK, EXIT_USAGE, CliError, Command, language, print_json
from kiosk.config import Config

HELSINKI = ZoneInfo("Europe/Helsinki")


def questions_data(pack: Pack, lang: str) -> dict[str, Any]:
    return {
        "pack": {"id": pack.id, "version": pack.version, "review": pack.review(lang)},
        "questions": [
            {
                "id": q.id, "domain": q.domain, "text": q.text(lang), "kind": q.kind,
                "options": [
                    {"id": o.id, "label": o.label(lang), "areas": dict(o.areas), "safety": o.safety}
                    for o in q.options
                ],
            }
            for q in pack.questions
        ],
        "preferences": [
            {"id": p.id, "kind": p.kind, "label": p.label(lang),
             "values": [v.id for v in p.values] if p.kind == "choice" else ([True, False] if p.kind == "flag" else "municipality code")}
            for p in pack.preferences
        ],
    }


def cmd_questions(config: Config, args: argparse.Namespace) -> int:
    lang = language(config, args.lang)
    pack = load_pack()
    data = questions_data(pack, lang)
    if args.json:
        print_json(data)
        return EXIT_OK
    print(f"{pack.id} {pack.version} — {pack.review(lang)}")
    for n, q in enumerate(data["questions"], 1):
        print(f"\n{n}. {q['text']}  [{q['id']}, {q['kind']}]")
        for o in q["options"]:
            areas = ", ".join(f"{k} {w}" for k, w in o["areas"].items()) or "—"
            print(f"   {o['id']:<12} {o['label']}  → {areas}{'  (support first)' if o['safety'] else ''}")
    return EXIT_OK


MAX_ANSWERS_CHARS = 100_000  # a real answers file is a few hundred bytes


def _read_answers(source: str) -> Any:
    try:
        if source == "-":
            text = sys.stdin.read(MAX_ANSWERS_CHARS + 1)
        else:
            with Path(source).open(encoding="utf-8-sig") as handle:
                text = handle.read(MAX_ANSWERS_CHARS + 1)
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"cannot read the answers file {source}: {getattr(exc, 'strerror', None) or exc}",
                       EXIT_USAGE) from exc
    if len(text) > MAX_ANSWERS_CHARS:
        raise CliError(f"the answers file is too long (more than {MAX_ANSWERS_CHARS} characters)", EXIT_USAGE)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(f"the answers file is not JSON (line {exc.lineno}: {exc.msg})", EXIT_USAGE) from exc


def recommendation_data(rec: Recommendation) -> dict[str, Any]:
    return {
        "support_first": rec.support_first,
        "contacts": [{"name": c.name, "phone": c.phone, "kind": c.kind} for c in rec.contacts],
        "suggestions": [
            {
                "id": s.id, "name": s.card.name, "area": s.area, "areas": list(s.card.categories),
                "reasons": [{"code": r.code, "text": r.text} for r in s.reasons],
                "free": s.card.cost == "free", "municipalities": list(s.municipalities),
            }
            for s in rec.suggestions
        ],
        "said": [{"domain": s.domain, "name": s.name, "answer": s.answer} for s in rec.said],
    }


def cmd_recommend(config: Config, args: argparse.Namespace) -> int:
    from kiosk.commands import open_live  # the live snapshot, read-only

    lang = language(config, args.lang)
    if not MIN_LIMIT <= args.limit <= MAX_LIMIT:
        raise CliError(f"--limit must be from {MIN_LIMIT} to {MAX_LIMIT}", EXIT_USAGE)
    pack = load_pack()
    try:
        answers = parse_answers(pack, _read_answers(args.answers))
    except AnswerError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    with open_live(config) as tray:
        home = browse.home_point(tray, config)
        rec = recommend(tray, pack, answers, lang, datetime.now(HELSINKI), home, limit=args.limit)
    if args.json:
        print_json(recommendation_data(rec))
        return EXIT_OK
    _print_text(rec)
    return EXIT_OK


def _print_text(rec: Recommendation) -> None:
    if rec.support_first:
        print("Support first:")
        for c in rec.contacts:
            print(f"  {c.phone:<16} {c.name}")
        print()
    for group in rec.groups:
        print(group.name)
        for s in group.suggestions:
            print(f"  {s.id:<40} {s.card.name}  ({'; '.join(r.text for r in s.reasons)})")
    if not rec.groups:
        print("No suggestions with these wishes; try without the preferences.")


def _questions_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", help="fi, sv or en (default: the config's default language)")
    p.add_argument("--json", action="store_true", help="print JSON")


def _recommend_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--answers", required=True, metavar="FILE", help="the answers as JSON, or - for standard input")
    p.add_argument("--lang", help="fi, sv or en (default: the config's default language)")
    p.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help=f"suggestions, {MIN_LIMIT}–{MAX_LIMIT}")
    p.add_argument("--json", action="store_true", help="print JSON")


COMMANDS: tuple[Command, ...] = (
    Command("questions", "the self-assessment's questions and where each answer points", cmd_questions,
            _questions_arguments),
    Command("recommend", "suggestions for a set of self-assessment answers, with reasons", cmd_recommend,
            _recommend_arguments),
)

__all__ = ["COMMANDS", "questions_data", "recommendation_data"]
