"""Properties of the source parser on arbitrary input (hypothesis): it either reads an
article or raises IslandmapError, and the same input always gives the same article."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from islandmap.errors import IslandmapError
from islandmap.sources import parse_markdown, parse_plain_text

FRONT_MATTER_VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["2018-09-12", "2018-02-30", "[a, b]", "{x: 1}", "'", '"', ": x", "- y"]),
)
MARKDOWN = st.one_of(
    st.text(max_size=400),
    st.builds(
        lambda title, url, date, body: (
            f"---\ntitle: {title}\nurl: {url}\ndate: {date}\n---\n{body}"
        ),
        FRONT_MATTER_VALUES,
        FRONT_MATTER_VALUES,
        FRONT_MATTER_VALUES,
        st.text(max_size=300),
    ),
)


def _parse(parser, text):
    try:
        return parser(text, "a.md")
    except IslandmapError as error:
        assert error.message and error.path == "a.md"
        return error.message


@settings(max_examples=300)
@given(MARKDOWN)
def test_markdown_parser_reads_or_explains(text):
    first = _parse(parse_markdown, text)
    assert first == _parse(parse_markdown, text)
    if not isinstance(first, str):
        assert first.title.strip() == first.title and first.title
        assert [p.index for p in first.passages] == list(range(len(first.passages)))
        for passage in first.passages:
            assert passage.text.strip() == passage.text and passage.text
            assert passage.text in text
        assert first.url == "" or first.url.lower().startswith(("http://", "https://"))


@settings(max_examples=300)
@given(st.text(max_size=400))
def test_plain_text_parser_reads_or_explains(text):
    first = _parse(parse_plain_text, text)
    assert first == _parse(parse_plain_text, text)
    if not isinstance(first, str):
        for passage in first.passages:
            assert passage.text and passage.text in text


# what YAML reads specially: indents, tabs, line breaks of other kinds, flow and block
# collections, quotes, comments, tags, anchors, directives
_YAML_BITS = st.sampled_from(
    [
        "\n",
        "\n  ",
        "\t",
        " ",
        "\r",
        "\x85",
        "\u2028",
        "\ufeff",
        "\xa0",
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        "- ",
        "? ",
        "'",
        '"',
        "#",
        "!",
        "!!str ",
        "&a ",
        "*a",
        "%",
        "|",
        ">",
        "---",
        "...",
    ]
)


@settings(max_examples=1000)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["title", "publisher", "date", "url", "authors", "x y", "1"]),
            st.one_of(
                FRONT_MATTER_VALUES,
                st.lists(st.one_of(_YAML_BITS, st.text(max_size=3)), max_size=8).map("".join),
            ),
        ),
        max_size=6,
    )
)
def test_front_matter_reads_alike_with_either_yaml_parser(fields):
    # libyaml reads most front matter (it is faster); what it gives must be what the
    # pure-Python parser gives, errors included
    import yaml

    from islandmap.sources import _FrontMatterLoader, _load_front_matter

    raw = "\n".join(f"{key}: {value}" for key, value in fields)

    def outcome(load):
        try:
            return ("read", load(raw))
        except (yaml.YAMLError, ValueError, RecursionError) as error:
            return ("refused", str(error))

    assert outcome(_load_front_matter) == outcome(lambda r: yaml.load(r, Loader=_FrontMatterLoader))


def test_front_matter_nested_hundreds_deep_is_refused_with_one_message():
    # libyaml reads it; the pure parser, whose verdict stands, refuses it
    for nested in ("[" * 400 + "]" * 400, "{b: " * 400 + "1" + "}" * 400):
        text = f"---\ntitle: Deep\nsubjects: {nested}\n---\n\nIturup.\n"
        assert _parse(parse_markdown, text).startswith("front matter is not valid YAML")
