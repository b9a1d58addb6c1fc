"""The shipped gazetteer and how bad gazetteer files are reported."""

from __future__ import annotations

import pytest

from islandmap.errors import GazetteerError
from islandmap.gazetteer import default_gazetteer, parse_gazetteer
from islandmap.models import ISLAND_IDS


def test_every_island_has_both_languages_in_latin_and_native_script():
    names = default_gazetteer().names
    for island in ISLAND_IDS:
        own = [n for n in names if n.island == island and n.kind in ("official", "variant")]
        forms = {(n.lang, n.script) for n in own}
        assert ("ja", "Jpan") in forms, island
        assert ("ru", "Cyrl") in forms, island
        assert {("ja", "Latn"), ("ru", "Latn")} <= forms or ("both", "Latn") in forms, island


def test_every_entry_has_a_source_url():
    for name in default_gazetteer().names:
        assert name.source.startswith(("http://", "https://")), name


def test_historical_names_islets_settlements_and_group_names_are_listed():
    names = default_gazetteer().names
    kinds = {(n.island, n.kind) for n in names}
    assert ("shikotan", "historical") in kinds
    assert ("habomai", "islet") in kinds
    assert ("kunashir", "settlement") in kinds
    assert {n.lang for n in names if n.role == "collective"} == {"ja", "ru"}
    assert any(n.role == "not_a_mention" for n in names)


ISLANDS_OK = "islands:\n" + "".join(
    f"  {i}:\n  - {{name: X{i}, lang: ja, script: Latn, kind: official, source: https://e.org}}\n"
    for i in ISLAND_IDS
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("islands: [", "is not valid YAML"),
        ("- a\n- b\n", "must be a mapping with an 'islands' section"),
        (
            "islands:\n  iturup: []\n",
            "'islands' must list exactly iturup, kunashir, shikotan, habomai",
        ),
        (ISLANDS_OK.replace("lang: ja", "lang: en", 1), "'lang' must be ja, ru or both"),
        (ISLANDS_OK.replace(", source: https://e.org", "", 1), "every entry needs a 'source' URL"),
        (ISLANDS_OK.replace("kind: official", "kind: guess", 1), "'kind' must be one of"),
        (ISLANDS_OK + "collective: {a: 1}\n", "'collective' must be a list"),
    ],
)
def test_malformed_gazetteer_is_reported(text, expected):
    with pytest.raises(GazetteerError) as caught:
        parse_gazetteer(text, "my-gazetteer.yaml")
    assert caught.value.path == "my-gazetteer.yaml"
    assert expected in caught.value.message


def test_a_minimal_gazetteer_parses():
    assert len(parse_gazetteer(ISLANDS_OK, "g.yaml").names) == 4


def test_only_a_group_name_may_need_the_islands_as_its_context():
    group = (
        "collective:\n- {name: northern lands, lang: ja, context: islands, source: https://e.org}\n"
    )
    names = parse_gazetteer(ISLANDS_OK + group, "g.yaml").names
    assert names[-1].context == "islands"
    island = ISLANDS_OK.replace("kind: official", "kind: official, context: islands", 1)
    with pytest.raises(GazetteerError) as caught:
        parse_gazetteer(island, "g.yaml")
    assert "'context' must be one of" in caught.value.message
