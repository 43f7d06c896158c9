"""Search mechanics: the safe MATCH builder, browse order, paging, language choice, the two-tier ranking."""

from __future__ import annotations

from pathlib import Path

import pytest
from items_factory import make_item, synthetic_items

import kiosk.search as search_module
from kiosk.cache import open_cache, write_items
from kiosk.model import Organisation
from kiosk.query import Query
from kiosk.search import count, fts_query, search
from kiosk.stemming import (
    compound_parts,
    finnish_analyser,
    stem_query_token,
    stem_text,
    stems_version,
    use_finnish_analyser,
    voikko_available,
)
from kiosk.tray import Tray


@pytest.fixture
def db(tmp_path: Path) -> Tray:
    return Tray(open_cache(tmp_path / "cache.db"))


def test_fts_query_quotes_every_word_and_ands_them() -> None:
    q = fts_query('Kuntosali "NEAR" -x', finnish="snowball")
    assert q is not None
    assert q.count(" AND ") == 2
    assert '{names body}:"kuntosali"*' in q and 'stems:"kuntosal"*' in q
    assert '{names body}:"punttisali"*' in q  # a synonym (kiosk/content/synonyms.toml)
    assert '{names body}:"near"*' in q
    assert fts_query("") is None and fts_query('  *-"()') is None and fts_query("🙂") is None


def test_fts_query_caps_words_and_length() -> None:
    q = fts_query(" ".join(f"sana{i}" for i in range(100)))
    assert q is not None and q.count(" AND ") == 11
    long = fts_query("a" * 10_000)
    assert long is not None and len(long) < 400


def test_snowball_fallback_evens_out_finnish_inflection() -> None:
    with use_finnish_analyser("snowball"):
        assert finnish_analyser() == "snowball"
        assert stem_text("Velkaneuvonta, liikuntaa!", "fi") == "velkaneuvon liikun"
        assert "velkaneuvon" in stem_query_token("velkaneuvontaa")
        assert stems_version().endswith("/fi: snowball")
    assert "skuldrådgivning" in stem_query_token("skuldrådgivningen")
    assert stem_text("Hello Worlds", "se") == "hello worlds"


def test_voikko_gives_base_forms_and_compound_parts() -> None:
    assert voikko_available(), "Voikko with a Finnish dictionary is missing: run scripts/setup"
    with use_finnish_analyser("voikko"):
        assert stem_text("Velkaneuvontaa", "fi").split() == ["velkaneuvonta", "velka", "neuvonta", "neuvoa"]
        assert stem_text("kuntosaliryhmät", "fi").split() == ["kuntosaliryhmä", "kunto", "sali", "ryhmä"]
        assert stem_text("Kotoutumisen", "fi") == stem_text("kotoutuminen", "fi") == "kotoutua"
        # a word Voikko does not know (a name, half a word) gets its Snowball stem
        assert stem_text("Paltaniemellä", "fi") == stem_text("Paltaniemellä", "fi") != ""
        assert stem_text("kuntos", "fi") == "kuntos"
        # a query word gives its base forms, never its compound parts
        assert stem_query_token("kuntosaliryhmiin", "voikko") >= {"kuntosaliryhmä"}
        assert "ryhmä" not in stem_query_token("kuntosaliryhmiin", "voikko")
        assert "/fi: voikko, libvoikko " in stems_version()


def test_the_fallback_is_forced_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HYTE_KIOSK_ANALYSER", "snowball")
    assert finnish_analyser() == "snowball"
    monkeypatch.setenv("HYTE_KIOSK_ANALYSER", "")
    assert finnish_analyser() == ("voikko" if voikko_available() else "snowball")
    with pytest.raises(ValueError):
        with use_finnish_analyser("hunspell"):
            pass


def test_compound_parts_follow_voikkos_structure() -> None:
    assert compound_parts("uimahalliin", "=pppp=ppppppp", "uimahalli") == ["uima", "halli"]
    assert compound_parts("kahvila", "=ppppppp", "kahvila") == []
    assert compound_parts("kahvila", "=pp=p", "kahvila") == []  # does not fit the word


def test_an_index_made_with_the_other_analyser_is_rebuilt_on_the_next_write(tmp_path: Path) -> None:
    from kiosk.cache import get_meta

    with use_finnish_analyser("snowball"):
        tray = Tray(open_cache(tmp_path / "c.db"))
        write_items(tray.db, [make_item("local:1", "Kotoutumisen tuki")])
        assert get_meta(tray.db, "fts_stems", "").endswith("/fi: snowball")
        assert {h.id for h in search(tray, Query(text="kotoutumisen"))} == {"local:1"}
    with use_finnish_analyser("voikko"):
        # read as it is: the query follows the analyser the index records
        assert {h.id for h in search(tray, Query(text="kotoutumisen"))} == {"local:1"}
        write_items(tray.db, [make_item("local:2", "Kotoutumisneuvonta")])
        assert "/fi: voikko" in (get_meta(tray.db, "fts_stems") or "")
        assert {h.id for h in search(tray, Query(text="kotoutuminen"))} == {"local:1", "local:2"}


def test_browse_is_by_name_with_paging(db: Tray) -> None:
    write_items(db.db, [make_item(f"local:{n}", name) for n, name in enumerate(["Öljy", "bingo", "Aamu", "Cello"])])
    names = [h.name for h in search(db, Query())]
    assert names == ["Aamu", "bingo", "Cello", "Öljy"]
    assert [h.name for h in search(db, Query(), limit=2, offset=1)] == ["bingo", "Cello"]
    assert search(db, Query(), limit=0) == []
    assert count(db, Query()) == 4


def test_hit_picks_language_with_fallback(db: Tray) -> None:
    write_items(
        db.db,
        [
            make_item(
                "local:1",
                {"fi": "Kirjasto", "sv": "Bibliotek"},
                summaries={"fi": "Kirjoja"},
                organisation=Organisation(names={"fi": "Kaupunki", "sv": "Stad"}),
                categories=("culture",),
                areas=("205",),
                cost="free",
            )
        ],
    )
    (sv,) = search(db, Query(text="bibliotek"), lang="sv")
    assert (sv.name, sv.name_lang, sv.summary, sv.organisation) == ("Bibliotek", "sv", "Kirjoja", "Stad")
    (en,) = search(db, Query(text="kirjasto"), lang="en")
    assert (en.name, en.name_lang) == ("Kirjasto", "fi")
    assert en.categories == ("culture",) and en.municipalities == ("205",) and en.cost == "free"
    assert en.score > 0


def test_unknown_cost_is_not_free(db: Tray) -> None:
    write_items(db.db, [make_item("local:1", "Kuoro", cost="unknown"), make_item("local:2", "Kuorot", cost="free")])
    assert [h.id for h in search(db, Query(text="kuoro", free=True))] == ["local:2"]


def test_many_matches_use_two_tiers_with_name_matches_first(db: Tray, monkeypatch: pytest.MonkeyPatch) -> None:
    items = synthetic_items(400)
    items.append(make_item("local:star", "Kahvila Tähti", summaries={"fi": "kahvila"}))
    write_items(db.db, items)
    total = count(db, Query(text="kahvila"))
    assert total > 50
    monkeypatch.setattr(search_module, "WINDOW", 20)
    hits = search(db, Query(text="kahvila"), limit=total)
    assert len({h.id for h in hits}) == len(hits) >= 20
    named = [h for h in hits if "kahvila" in h.name.lower()]
    assert named and hits[: len(named)] == named  # every name match comes before any body-only match
    assert "local:star" in {h.id for h in named}
    # the filters apply in both tiers
    filtered = search(db, Query(text="kahvila", free=True), limit=500)
    assert filtered and all(h.cost == "free" for h in filtered)


def test_broad_prefix_tiers_put_names_beginning_with_the_word_first(
    db: Tray, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = [make_item(f"local:body{n}", f"Paikka {n}", summaries={"fi": "kahvila"}) for n in range(8)]
    items += [
        make_item("local:inside", "Iso kahvila"),
        make_item("local:b", "Kahvila Bea", cost="free"),
        make_item("local:a", "Kahvila Aamu"),
    ]
    write_items(db.db, items)
    monkeypatch.setattr(search_module, "WINDOW", 5)
    hits = [h.id for h in search(db, Query(text="kahv"), limit=20)]
    assert hits[:3] == ["local:a", "local:b", "local:inside"]
    assert set(hits[3:]) == {f"local:body{n}" for n in range(8)}
    assert [h.id for h in search(db, Query(text="kahv"), limit=2, offset=1)] == ["local:b", "local:inside"]
    assert [h.id for h in search(db, Query(text="kahv", free=True))] == ["local:b"]
    assert count(db, Query(text="kahv")) == 11
