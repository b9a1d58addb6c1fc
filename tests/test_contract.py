"""The page's data contract and its folium elements.

The two JSON blocks of a rendered page (``#islandmap-config`` and ``#islandmap-data``) must
match ``docs/page-data.schema.json``, which must say what the TypedDicts of
``islandmap/page/contract.py`` say. The map is a ``folium.Map`` that a notebook can show and
a user can extend, each layer added once, and what folium's script passes to the front end
is names and options, never text from a source.
"""

from __future__ import annotations

import json
import re
import typing
from pathlib import Path

import folium
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from islandmap.page import contract
from islandmap.render import build_map, render_map

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "data" / "render"
SCHEMA = json.loads((ROOT / "docs" / "page-data.schema.json").read_text("utf-8"))


def _blocks(html: str) -> tuple[dict, dict]:
    found = {}
    for element_id in (contract.CONFIG_ID, contract.DATA_ID):
        pattern = rf'<script type="application/json" id="{element_id}">(.*?)</script>'
        (text,) = re.findall(pattern, html, re.S)
        found[element_id] = json.loads(text)
    return found[contract.CONFIG_ID], found[contract.DATA_ID]


def _validator(definition: str) -> Draft202012Validator:
    schema = {"$ref": f"#/$defs/{definition}", "$defs": SCHEMA["$defs"]}
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _errors(definition: str, value: object) -> list[str]:
    return [
        f"{list(e.absolute_path)}: {e.message}" for e in _validator(definition).iter_errors(value)
    ]


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    """The real map, the fixture map Japanese-first, and the hostile sources' map."""
    out = tmp_path_factory.mktemp("contract")
    made = {}
    for name, sources, geodata, options in (
        ("real", ROOT / "sources", ROOT / "geodata", {}),
        ("fixture-ja", FIXTURES / "sources", FIXTURES / "geodata", {"names": "ja"}),
        ("hostile", ROOT / "tests" / "data" / "hostile", FIXTURES / "geodata", {}),
    ):
        render_map(sources, geodata, out / f"{name}.html", **options)
        made[name] = (out / f"{name}.html").read_text("utf-8")
    return made


@pytest.mark.parametrize("name", ["real", "fixture-ja", "hostile"])
def test_rendered_blocks_match_the_schema(pages, name):
    config, data = _blocks(pages[name])
    assert _errors("PageConfig", config) == []
    assert _errors("PageData", data) == []
    assert config["version"] == data["version"] == contract.VERSION


def test_the_schema_refuses_what_the_front_end_could_not_read(pages):
    config, data = _blocks(pages["real"])
    assert _errors("PageConfig", {**config, "names": "en"})
    assert _errors("PageConfig", {**config, "version": 2})
    broken = json.loads(json.dumps(data))
    broken["sources"][0]["url"] = "javascript:alert(1)"
    assert _errors("PageData", broken)
    del broken["sources"][0]["url"]
    broken["islands"]["iturup"]["quotes"][0][1] = "en"
    assert _errors("PageData", broken)


def _typed_dicts() -> list[type]:
    return [
        value
        for value in vars(contract).values()
        if isinstance(value, type) and typing.is_typeddict(value)
    ]


#: Shapes the schema writes inline, under their parent's property.
_INLINE = {
    "ViewConfig": ("PageConfig", "view"),
    "StylesConfig": ("PageConfig", "styles"),
    "Geometry": ("PageData", "geometry"),
}


@pytest.mark.parametrize("typed", _typed_dicts(), ids=lambda t: t.__name__)
def test_the_schema_says_what_the_typed_dicts_say(typed):
    if typed.__name__ in _INLINE:
        parent, key = _INLINE[typed.__name__]
        definition = SCHEMA["$defs"][parent]["properties"][key]
    else:
        definition = SCHEMA["$defs"][typed.__name__]
    assert set(definition["properties"]) == set(typing.get_type_hints(typed))
    assert set(definition.get("required", [])) == set(typed.__required_keys__)


def _map_script(html: str) -> str:
    return html[html.rindex("<script>") :]


def test_each_layer_is_made_from_the_data_and_added_to_the_map_once(pages):
    script = _map_script(pages["real"])
    made = re.findall(r'var (islandmap_layer_\w+)\s*=\s*islandmap\.layer\("(\w+)"', script)
    kinds = sorted(kind for _, kind in made)
    assert kinds == ["boundary", "group", "history", "islands", "land", "region"]
    for name, kind in made:
        # The history layer waits off the map until the time control shows a moment.
        added = 0 if kind == "history" else 1
        assert len(re.findall(rf"\b{name}\.addTo\(", script)) == added, name
    assert script.count("islandmap.start(") == 1


def test_the_map_script_writes_letters_as_they_are_and_keeps_every_string():
    from islandmap.page.elements import _unescaped

    # folium writes a layer's name in Russian as \\u escapes, six bytes a letter.
    assert _unescaped(json.dumps("Регион и названия")) == '"Регион и названия"'
    for text in ("択捉島 / Etorofu", 'a"\\b\\u0420', "\u2028\u2029", "😀", "\x7f\xa0", "\\"):
        assert json.loads(_unescaped(json.dumps(text))) == text


def test_the_map_script_carries_no_source_text(pages):
    script = _map_script(pages["hostile"])
    _, data = _blocks(pages["hostile"])
    for source in data["sources"]:
        assert source["title"] not in script
    for passage in data["passages"]:
        assert passage["text"][:40] not in script


def test_the_offline_page_asks_no_cdn_for_anything(pages):
    for host in ("cdn.jsdelivr.net", "code.jquery.com", "cdnjs.cloudflare.com", "unpkg.com"):
        assert host not in pages["real"]


def test_build_map_is_a_folium_map_a_notebook_shows_and_a_user_extends():
    import islandmap

    assert islandmap.build_map is build_map
    fmap = islandmap.build_map(FIXTURES / "sources", FIXTURES / "geodata", names="ru")
    assert isinstance(fmap, folium.Map)
    folium.CircleMarker((44.0, 146.0), radius=4, tooltip="My own point").add_to(fmap)
    shown = fmap._repr_html_()  # what Jupyter displays: the page in an iframe
    assert "<iframe" in shown and "srcdoc=" in shown
    page = fmap.get_root().render()
    assert "My own point" in page and "L.circleMarker(" in page
    config, data = _blocks(page)
    assert config["names"] == "ru"
    assert set(data["islands"]) == {"iturup", "kunashir", "shikotan", "habomai"}


def test_the_real_map_carries_the_region_its_names_and_view_limits(pages):
    config, data = _blocks(pages["real"])
    assert {"region", "land", "islands"} <= set(data["geometry"])
    ids = [place["id"] for place in data["places"]]
    for place in ("hokkaido", "kamchatka", "sea_of_okhotsk", "pacific_ocean", "nemuro_strait"):
        assert place in ids
    (south, west), (north, east) = config["view"]["maxBounds"]
    (s, w), (n, e) = config["view"]["bounds"]
    assert south < s < n < north and west < w < e < east
    assert config["view"]["minZoom"] >= 1
    # Land is filled without an outline (which would trace where it was clipped); the
    # region is encoded at 3 decimals.
    assert config["styles"]["land"]["stroke"] is False
    assert config["styles"]["region"]["stroke"] is False
    assert data["geometry"]["region"][0]["e"] == 3


def test_the_schema_refuses_a_place_without_its_three_orders(pages):
    _, data = _blocks(pages["real"])
    broken = json.loads(json.dumps(data))
    del broken["places"][0]["names"]["ru"]
    assert _errors("PageData", broken)
    broken = json.loads(json.dumps(data))
    broken["places"][0]["kind"] = "country"
    assert _errors("PageData", broken)


def test_a_map_without_a_region_file_has_no_region_but_keeps_view_limits(pages):
    config, data = _blocks(pages["fixture-ja"])
    assert "region" not in data["geometry"] and "places" not in data
    assert "maxBounds" in config["view"]


# --- packed passages and sources (a large corpus's page) -------------------------------------


@pytest.fixture(scope="module")
def packed_pair(tmp_path_factory) -> tuple[dict, dict]:
    """The hostile sources' page data, plain and packed (forced: the corpus is small)."""
    from islandmap.pipeline import corpus_options, join_corpus, load_corpus
    from islandmap.render import build_html

    loaded = load_corpus(corpus_options(ROOT / "tests" / "data" / "hostile"))
    joined = join_corpus(loaded, FIXTURES / "geodata", display=True)
    pair = []
    for pack in (False, True):
        html = build_html(joined.joined, loaded.articles, context=joined.context, pack=pack)
        pair.append(_blocks(html)[1])
    return pair[0], pair[1]


def test_a_packed_page_matches_the_schema_and_unpacks_to_the_same_data(packed_pair):
    from islandmap.page.data import unpack_data, unpack_list

    plain, packed = packed_pair
    packed = json.loads(json.dumps(packed))  # changed below
    assert _errors("PageData", packed) == []
    assert packed["version"] == contract.PIECES_VERSION
    assert "passages" not in packed and "sources" not in packed
    for item in [*packed["islands"].values(), packed["group"]]:
        assert "quotes" not in item
    lists = packed["packed"]
    assert set(lists["quotes"]) == {*plain["islands"], "group"}
    for name in ("passages", "sources", *[("quotes", key) for key in lists["quotes"]]):
        packed_list = lists[name] if isinstance(name, str) else lists[name[0]][name[1]]
        assert packed_list["encoding"] == "deflate-raw+base64"
        assert len(packed_list["chunks"]) == -(-packed_list["count"] // packed_list["size"])
        assert len(unpack_list(packed_list)) == packed_list["count"]
    unpacked = unpack_data(packed)
    for item in [*unpacked["islands"].values(), unpacked["group"]]:
        del item["counts"]
    assert unpacked == plain
    assert unpack_data(plain) == plain


def test_chunks_hold_their_share_and_keep_every_character(tmp_path):
    from islandmap.page.data import CHUNK_BYTES, pack_list, unpack_list

    # Text no JSON escape may lose: scripts, astral characters, quotes, a closing tag.
    items = [
        {"text": f'{i} 択捉島 Итуруп 𠮷 "</script>" \u2028', "refs": [[i, 0]]} for i in range(5000)
    ]
    packed = pack_list(items)
    assert len(packed["chunks"]) > 1 and packed["size"] * 40 < CHUNK_BYTES * 2
    assert unpack_list(packed) == items
    assert pack_list([])["chunks"] == [] and unpack_list(pack_list([])) == []


def test_the_schema_refuses_a_page_half_packed(packed_pair):
    plain, packed = packed_pair
    assert _errors("PageData", {**packed, "passages": plain["passages"]})
    assert _errors("PageData", {**packed, "version": 1})
    assert _errors("PageData", {**packed, "version": 2})  # quotes packed: version 3 only
    assert _errors("PageData", {**plain, "version": 2})
    assert _errors("PageData", {**plain, "packed": packed["packed"]})
    bad = json.loads(json.dumps(packed))
    bad["packed"]["passages"]["encoding"] = "gzip"
    assert _errors("PageData", bad)
    bad = json.loads(json.dumps(packed))
    bad["packed"]["sources"]["chunks"][0] = "<script>"
    assert _errors("PageData", bad)
    bad = json.loads(json.dumps(packed))
    bad["group"]["quotes"] = plain["group"]["quotes"]  # packed and not
    assert _errors("PageData", bad)
    bad = json.loads(json.dumps(packed))
    del bad["packed"]["quotes"]
    assert _errors("PageData", bad)


def test_each_island_of_a_packed_page_carries_its_counts(packed_pair):
    plain, packed = packed_pair
    assert "counts" not in plain["group"]
    for item in [*packed["islands"].values(), packed["group"]]:
        counts = item["counts"]
        assert sum(counts["forms"].values()) == item["count"]
        assert all(n >= 1 for _, n in counts["sources"])


def test_the_other_languages_catalogs_unpack_to_catalogs_of_the_schema(pages):
    from islandmap.i18n import unpack_catalog

    config, _ = _blocks(pages["real"])
    assert list(config["catalogs"]) == ["en"]
    assert sorted(config["packedCatalogs"]) == ["ja", "ru"]
    for lang, packed in config["packedCatalogs"].items():
        catalog = unpack_catalog(packed)
        assert _errors("PageConfig", {**config, "catalogs": {lang: catalog}}) == []
        # The history's texts the script reads, in that language.
        assert (
            catalog["h.title.1956"]
            == {"ja": "日ソ共同宣言", "ru": "Советско-японская декларация"}[lang]
        )
    assert _errors("PageConfig", {**config, "packedCatalogs": {"de": "eJzz"}})


def test_passages_that_share_their_sentences_store_each_once(packed_pair):
    from islandmap.page.data import pack_data, unpack_data, unpack_list

    # A rewritten wire story: the same sentences in many passages, as an archive has them.
    plain, _ = packed_pair
    sentences = [f"Sentence {k} about 択捉島 and Итуруп. " for k in range(40)]
    passages = [
        {"text": "".join(sentences[(i * 7 + j) % 40] for j in range(i % 6 + 1)).strip(), "refs": []}
        for i in range(3000)
    ]
    passages.append({"text": "A passage of its own。次の文！ Last  words?\n", "refs": [[0, 1]]})
    data = {**json.loads(json.dumps(plain)), "passages": passages}
    pack_data(data)
    assert data["version"] == contract.PIECES_VERSION
    assert _errors("PageData", data) == []
    assert len(unpack_list(data["packed"]["pieces"])) <= 2 * 40 + 3  # a last one unspaced
    assert unpack_data(data)["passages"] == passages
    bad = json.loads(json.dumps(data))
    bad["packed"]["pieces"] = None
    assert _errors("PageData", bad)


def test_passages_that_share_little_are_stored_whole(packed_pair):
    from islandmap.page.data import pack_data

    plain, _ = packed_pair
    data = json.loads(json.dumps(plain))
    pack_data(data)
    assert data["version"] == contract.PIECES_VERSION and "pieces" not in data["packed"]


@given(st.text(alphabet=st.sampled_from(list("ab .!?。！？\n\t\u2028")), max_size=30))
def test_a_passage_s_pieces_give_it_back(text):
    from islandmap.page.data import _PIECE

    assert "".join(_PIECE.findall(text)) == text


@given(st.text(alphabet=st.sampled_from(list("ab .!?。！？\n\t\u2028")), max_size=30))
def test_a_passage_s_pieces_are_its_sentences(text):
    # each piece runs to the first sentence end after its first character, the spaces
    # after it included: the plain definition, which the page's pattern writes faster
    from islandmap.page.data import _PIECE

    sentences = re.compile(r".+?(?:[.!?](?:\s+|\Z)|[。！？]\s*|\Z)", re.DOTALL)
    assert _PIECE.findall(text) == sentences.findall(text)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "2019", "2019-05", "2019-05-02", "2020-01-30", "2020"]),
            st.sampled_from(["kyodo", "tass", "nhk"]),
            st.sampled_from(["a.md", "b.md"]),
            st.integers(0, 3),
        ),
        max_size=30,
    )
)
def test_quotes_go_newest_first_then_by_source_keeping_ties_in_order(keys):
    # the quotes' order as the page shows it: the date newest first (undated last), then
    # source, file and passage ascending; quotes alike keep the order they came in
    from islandmap.page.data import newest_first

    items = list(enumerate(keys))  # (position, key): ties told apart by position
    ordered = sorted(items, key=lambda item: item[1][1:])
    ordered.sort(key=lambda item: item[1][0], reverse=True)
    assert newest_first(items, lambda item: item[1]) == ordered
    if any(k[0] for k in keys) and any(not k[0] for k in keys):
        assert not newest_first(items, lambda item: item[1])[-1][1][0]
