"""The page's HTML templates (``islandmap/data/templates/``), rendered with autoescaping.

Each template's name says what it holds: ``header_bar``, ``text_version``,
``quote_panel``, ``legend`` (the key), ``island_popups`` (the popups' heads and the
tooltips), ``page`` (the document, a branca template) and the partial ``_names``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, MutableMapping
from functools import cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup, escape

from islandmap.i18n import Translator, plural_form

#: A template line's indentation before a tag or a Jinja block: there for the template's
#: readers. In HTML it is whitespace between elements, which a line break alone stands
#: for (the page has no <pre> and no text whose white space is kept).
_INDENT = re.compile(r"\n[ \t]+(?=[<{])")


class _Unindented(jinja2.PackageLoader):
    """The package's templates without :data:`_INDENT` (0.6 KB less in every page)."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool] | None]:
        text, filename, uptodate = super().get_source(environment, template)
        return _INDENT.sub("\n", text), filename, uptodate


@cache
def environment() -> jinja2.Environment:
    """Templates from the package, every value escaped, a missing value an error."""
    env = jinja2.Environment(
        loader=_PackageTemplates("islandmap", "data/templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=_bytecode_cache(),
    )
    env.globals.update(
        t=_t,
        tn=_tn,
        live=_live,
        liven=_liven,
        local=_local,
        local_key=_local_key,
        local_attr=_local_attr,
        in_lang=_in_lang,
    )
    return env


# The templates' strings (islandmap.i18n extracts them): t("key", "English", name=value)
# and tn("key", "one", "other", n=count) give the text in the context's `lang`, escaped,
# with values that are Markup (a name in its <span lang>) inserted as they are;
# live(…) and liven(…) wrap it in <span data-i18n="key">, which the page's language switch
# fills again in another language.


def _translator(context: Any) -> Translator:
    return Translator(str(context.get("lang") or "en"))


def _fill(text: str, params: Mapping[str, Any], lang: str) -> Markup:
    from islandmap.i18n import fill

    safe = {
        k: v if isinstance(v, Markup | int | float) and not isinstance(v, bool) else escape(v)
        for k, v in params.items()
    }
    return Markup(fill(str(escape(text)), safe, lang))


@jinja2.pass_context
def _t(context: Any, key: str, english: str, **params: Any) -> Markup:
    tr = _translator(context)
    return _fill(tr.text(key, english), params, tr.lang)


@jinja2.pass_context
def _tn(context: Any, key: str, one: str, other: str, **params: Any) -> Markup:
    tr = _translator(context)
    from islandmap.i18n import compiled

    found = compiled(tr.lang).get(key) if tr.lang != "en" else None
    forms = found if isinstance(found, dict) else {"one": one, "other": other}
    return _fill(plural_form(forms, params.get("n"), tr.lang), params, tr.lang)


def _span(key: str, text: Markup, params: Mapping[str, Any]) -> Markup:
    args = {k: v for k, v in params.items() if isinstance(v, str | int | float)}
    encoded = _single_quoted(json.dumps(args, ensure_ascii=False, separators=(",", ":")))
    attrs = f" data-i18n-args='{encoded}'" if args else ""
    return Markup(f'<span data-i18n="{escape(key)}"{attrs}>{text}</span>')


@jinja2.pass_context
def _live(context: Any, key: str, english: str, **params: Any) -> Markup:
    text = _t(context, key, english, **params)
    if not params:
        _shown(context, key, text.unescape())
    return _span(key, text, params)


def _shown(context: Any, key: str, text: str) -> None:
    """Note that the markup holds *key*'s *text* as it is (not in a packed part, whose
    context says ``packed``), for the page's catalogs (:class:`PageTexts`)."""
    texts = context.get("texts")
    if texts is not None and not context.get("packed"):
        texts.show(key, text)


@jinja2.pass_context
def _local(context: Any, forms: Mapping[str, str], key: str | None = None) -> Markup:
    """A text of the data in every language (``{"en": …, "ja": …, "ru": …}``): the
    context's language's, in a <span data-i18n> whose key the page's catalogs hold in
    each language (the context's ``texts``, an :class:`islandmap.i18n.PageTexts`; *key*
    names it for the page's script, else it gets one)."""
    lang = str(context.get("lang") or "en")
    text = forms.get(lang) or forms.get("en") or ""
    texts = context.get("texts")
    found = texts.key(forms, key) if texts is not None else None
    if found is None:
        return Markup(escape(text))
    _shown(context, found, text)
    return Markup(f'<span data-i18n="{escape(found)}">{escape(text)}</span>')


@jinja2.pass_context
def _local_attr(context: Any, forms: Mapping[str, str], key: str | None = None) -> Markup:
    """For an element that holds nothing but the text *forms*: its `` data-i18n`` attribute
    (empty when the text reads the same in every language), the text written with
    ``in_lang``."""
    texts = context.get("texts")
    found = texts.key(forms, key) if texts is not None else None
    if found:
        _shown(context, found, _in_lang(context, forms))
    return Markup(f' data-i18n="{escape(found)}"') if found else Markup("")


@jinja2.pass_context
def _local_key(context: Any, forms: Mapping[str, str], key: str) -> str:
    """The key *key* for the text *forms* in the page's catalogs (for an attribute's
    ``data-i18n-title``), registered as :func:`_local` does."""
    texts = context.get("texts")
    if texts is not None:
        texts.key(forms, key)
    return key


@jinja2.pass_context
def _in_lang(context: Any, forms: Mapping[str, str]) -> str:
    """The context's language's text of *forms*."""
    lang = str(context.get("lang") or "en")
    return str(forms.get(lang) or forms.get("en") or "")


def _single_quoted(value: str) -> str:
    """*value* for an attribute in single quotes: JSON's many double quotes stay as they
    are (a third of the bytes of &#34;)."""
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")
    )


@jinja2.pass_context
def _liven(context: Any, key: str, one: str, other: str, **params: Any) -> Markup:
    return _span(key, _tn(context, key, one, other, **params), params)


class _PackageTemplates(_Unindented):
    """The package's templates (unindented), their compiled code from Jinja's bytecode cache
    (the cache folder) or, the first time, made from the Python that Jinja generates for
    them, which is kept in islandmap's cache (:mod:`islandmap.cache`) and ships with the
    package for the templates as released: the first render after installing then parses and
    generates none (about 0.06 s of CPU for them all). The key holds the template, this
    module (the environment's settings) and Jinja's version, whose generated code goes with
    its own runtime; with another Jinja, the templates are compiled as usual. Otherwise it
    does what ``BaseLoader.load`` does (it is this environment's only loader, so nothing
    calls ``get_source`` around it)."""

    def load(
        self,
        environment: jinja2.Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> jinja2.Template:
        from islandmap.cache import cached_bytes, code_of

        source, filename, uptodate = self.get_source(environment, name)
        cache = environment.bytecode_cache
        bucket = None if cache is None else cache.get_bucket(environment, name, filename, source)
        code = bucket.code if bucket is not None else None
        if code is None:

            def generate() -> bytes:
                python = environment.compile(source, name, filename, raw=True)
                return str(python).encode()

            parts = [
                f"jinja2 template {name}".encode(),
                f"Jinja2 {jinja2.__version__}".encode(),
                code_of(__file__),
                source.encode(),
            ]
            try:
                code = compile(cached_bytes(parts, generate), filename or "<template>", "exec")
            except (SyntaxError, ValueError):  # a damaged cache entry
                code = environment.compile(source, name, filename)
            if bucket is not None and cache is not None:
                bucket.code = code
                cache.set_bucket(bucket)
        if globals is None:
            globals = {}
        return environment.template_class.from_code(environment, code, globals, uptodate)


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
