"""A web page's article: main text, reader comments and metadata. No I/O.

trafilatura finds the article in the page and drops what is not part of it (navigation,
ads, login bars, newsletter boxes, comment forms, teasers of other articles); htmldate
dates the page, preferring the publication date over the last change. Both are imported
when a page is read, so the rest of islandmap starts without them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

# Elements of trafilatura's output (its XML-TEI-like tree) that hold a paragraph of text.
_PARAGRAPHS = ("p", "item", "quote", "cell")
_SPACES = re.compile(r"[^\S\n]+")
# Classes and ids of the parts of a comment that are not what the reader wrote.
_COMMENT_FURNITURE = re.compile(
    r"(?:^|[-_\s])(?:author|user|username|name|meta|metadata|date|time|reply|votes?|likes?|"
    r"byline|avatar|says|permalink|report|flag)(?:[-_\s]|$)",
    re.IGNORECASE,
)
# ... unless they also say that they hold the comment itself ("user-comment-text").
_COMMENT_TEXT = re.compile(r"(?:^|[-_\s])(?:content|text|body|message)(?:[-_\s]|$)", re.I)
_FURNITURE_LENGTH = 80


@dataclass(frozen=True)
class Block:
    """A piece of the article as the page has it: a heading or a paragraph."""

    kind: str  # "heading" or "paragraph"
    text: str


@dataclass(frozen=True)
class ExtractedPage:
    """What the page says about its article; empty strings where it says nothing."""

    title: str
    publisher: str
    url: str
    date: str
    authors: tuple[str, ...]
    language: str
    blocks: tuple[Block, ...]
    comments: tuple[str, ...]


def extract_page(html: str | bytes, page_url: str | None = None) -> ExtractedPage | None:
    """The article in *html*, or ``None`` when the page holds no recognisable article.

    *page_url* is the address the page was fetched from; it resolves a relative canonical
    link and is the article's address when the page names none.
    """
    import htmldate
    import lxml.html
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        url=page_url,
        with_metadata=True,
        # Leaving out a doubtful paragraph beats quoting page furniture as the article's
        # words; without it, a short article comes back run together with its byline,
        # photo caption and newsletter box.
        favor_precision=True,
        include_comments=True,
        include_tables=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        deduplicate=False,
    )
    if not isinstance(document, trafilatura.settings.Document) or document.body is None:
        return None
    if isinstance(html, str):  # lxml takes no encoding declaration in decoded text
        html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        tree = lxml.html.fromstring("<html></html>")
    title = _one_line(document.title or "")
    date = htmldate.find_date(tree, original_date=True, extensive_search=True, url=page_url)
    return ExtractedPage(
        title=title,
        publisher=_one_line(document.sitename or ""),
        url=_web_address(document.url, page_url),
        date=date or "",
        authors=_authors(document.author),
        language=_language(document.language or tree.get("lang") or ""),
        blocks=tuple(_blocks(document.body, title)),
        comments=tuple(_comments(document.commentsbody, tree)),
    )


def _blocks(body: Any, title: str) -> Iterator[Block]:
    for element in body.iter("head", *_PARAGRAPHS):
        if element.tag != "head" and _inside(element, ("head", *_PARAGRAPHS)):
            continue  # its text belongs to the enclosing paragraph
        text = _text(element)
        if not text:
            continue
        if element.tag == "head":
            if _one_line(text) != title:  # the headline is already the title
                yield Block("heading", _one_line(text))
        else:
            yield Block("paragraph", text)


def _comments(body: Any, page: Any) -> Iterator[str]:
    """The comments' paragraphs, without their headings, commenters' names and dates."""
    if body is None:
        return
    furniture = {
        text
        for element in page.iter()
        if isinstance(element.tag, str)
        and _is_furniture(element)
        # Names and dates are short; a long text is what someone wrote.
        and len(text := _one_line(" ".join(element.itertext()))) <= _FURNITURE_LENGTH
    }
    for element in body.iter(*_PARAGRAPHS):
        if _inside(element, _PARAGRAPHS):
            continue
        text = _text(element)
        if text and _one_line(text) not in furniture:
            yield text


def _is_furniture(element: Any) -> bool:
    if element.tag == "time":
        return True
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    return bool(_COMMENT_FURNITURE.search(names)) and not _COMMENT_TEXT.search(names)


def _inside(element: Any, tags: tuple[str, ...]) -> bool:
    return any(ancestor.tag in tags for ancestor in element.iterancestors())


def _text(element: Any) -> str:
    """The element's text as written; a line break (``<lb/>``) stays a line break."""
    pieces: list[str] = []
    _collect(element, pieces)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def _collect(element: Any, pieces: list[str]) -> None:
    pieces.append(element.text or "")
    for child in element:
        if child.tag in ("lb", "p", "item"):  # a line break, or a paragraph in a quote
            pieces.append("\n")
        _collect(child, pieces)
        pieces.append(child.tail or "")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _authors(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(dict.fromkeys(a for a in (_one_line(p) for p in value.split(";")) if a))


def _language(value: str) -> str:
    code = value.strip().split("-")[0].split("_")[0].lower()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else ""


def _web_address(canonical: str | None, page_url: str | None) -> str:
    """The canonical address if it is a web address, else the page's own; else empty."""
    for candidate in (canonical, page_url):
        if candidate:
            address = urljoin(page_url or "", candidate.strip())
            if re.match(r"https?://[^\s/]", address, re.IGNORECASE):
                return address
    return ""
