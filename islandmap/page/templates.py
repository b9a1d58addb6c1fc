"""The page's HTML templates (``islandmap/data/templates/``), rendered with autoescaping.

Each template's name says what it holds: ``header_bar``, ``text_version``,
``quote_panel``, ``legend`` (the key), ``island_popups`` (the popups' heads and the
tooltips), ``page`` (the document, a branca template) and the partial ``_names``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import jinja2


@cache
def environment() -> jinja2.Environment:
    """Templates from the package, every value escaped, a missing value an error."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("islandmap", "data/templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=_bytecode_cache(),
    )


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept in islandmap's cache folder (keyed by each template's
    source, so an edited template is compiled again): compiling them anew took a tenth of
    the seeds' render. None when the cache is off or its folder cannot be made."""
    from islandmap.cache import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    try:
        (folder / "templates").mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder / "templates"))


def render(name: str, context: Mapping[str, Any]) -> str:
    """The template *name* rendered with *context*."""
    return environment().get_template(name).render(context)


def source(name: str) -> str:
    """The text of the template *name*, for a branca element's ``_template``."""
    return resources.files("islandmap").joinpath("data", "templates", name).read_text("utf-8")
