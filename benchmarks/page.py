"""The page on large corpora: render time and peak memory, the HTML's size, and in
headless Chromium the time until the map is drawn, to open each popup, to expand a
reprinted passage's sources, to open the panel and to search it.

    python benchmarks/page.py [--root DIR] [--work DIR] [--repeat N] CORPUS...

CORPUS is ``seeds`` (the articles in sources/), ``archive:N`` (make_corpus.py's N articles
of real sentences) or ``reprints:N`` (make_corpus.py --reprints: N articles drawn from a
few hundred paragraphs, a passage in 100 sources or more). Corpora are written once into
--work (default: a temporary folder) and kept there. --root is the islandmap checkout to
render with (default: this one), so that one run of this script measures another
version of the code on the same corpora: "before" in benchmarks/README.md is
``--root`` at the older commit (``git worktree add``).

Every figure in the page is script time as the page sees it: ``performance.now()``
before the call, and after it the synchronous work and two animation frames (the first
frame after the work has been painted). Each popup is opened --repeat times, closed in
between; *first* is the slowest first opening (nothing cached yet), *median* and *max* over
every opening of every popup.
Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
sys.path.insert(0, str(ROOT / "benchmarks"))

# A search typed into the open panel: the time until its first rows are painted (the
# submit's work and two frames), and until it is whole (a long search goes on a slice at a
# time while its status line is busy; a page from before that is whole at once), and the
# status line then.
_SEARCH = """async (words) => {
    const search = document.getElementById('islandmap-panel-search');
    const status = document.getElementById('islandmap-panel-status');
    const start = performance.now();
    search.value = words;
    search.form.requestSubmit();
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const first = performance.now() - start;
    while (status.getAttribute('aria-busy') === 'true') {
        await new Promise(r => setTimeout(r, 5));
    }
    return [first, performance.now() - start, status.textContent];
}"""

# performance.now() around a call and two frames after it.
_TIMED = """async (call) => {
    const start = performance.now();
    const result = await (0, eval)(call);
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    return [performance.now() - start, result === undefined ? null : result];
}"""


def _first_whole(search: list[Any]) -> str:
    """A search's first rows and whole, as "40 ms" when they are one, else "40, 180 ms"."""
    first, whole = round(search[0]), round(search[1])
    return f"{first} ms" if first == whole else f"{first}, {whole} ms"


def corpus(spec: str, work: Path) -> Path:
    """The folder of articles *spec* names, made in *work* when not there yet."""
    from make_corpus import make_corpus, make_reprints

    if spec == "seeds":
        return ROOT / "sources"
    kind, _, count = spec.partition(":")
    folder = work / f"{kind}-{count}"
    if not folder.is_dir():
        make = {"archive": make_corpus, "reprints": make_reprints}[kind]
        make(int(count), folder, [ROOT / "sources"])
    return folder


def render(root: Path, sources: Path, out: Path) -> tuple[float, int]:
    """Wall time (s) and peak resident memory (MB) of ``islandmap render`` from *root*."""
    env = dict(os.environ, PYTHONPATH=str(root), ISLANDMAP_CACHE_DIR="")
    command = [sys.executable, "-m", "islandmap", "render", "--sources", str(sources)]
    command += ["--geodata", str(root / "geodata"), "-o", str(out)]
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss // 1024


def in_browser(html: Path, repeat: int, text: bool = True) -> dict[str, Any]:
    """The page's figures (milliseconds) in headless Chromium, network refused."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith("file:") else route.abort()
            ),
        )
        page.goto(html.resolve().as_uri(), wait_until="commit")
        figures: dict[str, Any] = {
            "drawn": page.wait_for_function(
                "window.islandmap && islandmap.map && "
                "document.querySelectorAll('path.island').length === 4 && performance.now()",
                timeout=120_000,
            ).json_value()
        }
        # A packed page reads its passages once drawn (packed.js); older pages have no isRead.
        figures["read"] = page.wait_for_function(
            "(!islandmap.isRead || islandmap.isRead(null)) && performance.now()", timeout=120_000
        ).json_value()
        page.wait_for_timeout(300)  # the map's first moves settle
        ids = page.evaluate(
            "() => [...document.querySelectorAll('path.island')].length &&"
            " [...Object.keys(islandmap.layers)]"
        )
        popups: dict[str, list[float]] = {}
        for _ in range(repeat):
            for island in ids:
                ms, _found = page.evaluate(
                    _TIMED,
                    f"islandmap.open({island!r}),"
                    f" !!document.querySelector('.island-popup[data-island={island}]')",
                )
                if not _found:
                    raise SystemExit(f"{html}: the popup of {island} did not open")
                popups.setdefault(island, []).append(ms)
                page.evaluate("void islandmap.map.closePopup()")
                page.wait_for_timeout(50)
        figures["popups"] = popups
        # The biggest item: its popup's first "and N more" and its panel.
        biggest = max(ids, key=lambda i: page.evaluate(f"islandmap.itemOf({i!r}).count"))
        figures["biggest"] = biggest
        page.evaluate(f"islandmap.open({biggest!r})")
        page.wait_for_timeout(300)
        more = page.evaluate(
            _TIMED,
            "(() => { const b = document.querySelector("
            "'.leaflet-popup button.citations-toggle'); if (!b) return null;"
            " b.click(); return document.querySelectorAll("
            "'.leaflet-popup .citations-more .citation').length; })()",
        )
        figures["more"] = more if more[1] is not None else None
        page.evaluate("void islandmap.map.closePopup()")
        figures["panel"] = page.evaluate(_TIMED, f"islandmap.openPanel({biggest!r})")[0]
        # The first word at once, before the panel has folded its passages for the search;
        # then as a reader types, a second after the panel opened.
        figures["search-at-once"] = page.evaluate(_SEARCH, "peace treaty")
        page.evaluate("islandmap.closePanel()")
        page.evaluate(f"islandmap.openPanel({biggest!r})")
        page.wait_for_timeout(1000)
        figures["search"] = {
            words: page.evaluate(_SEARCH, words) for words in ("peace treaty", "islands", "zzzz")
        }
        page.evaluate("islandmap.closePanel()")
        figures["text"] = None
        if text:
            # shown (the click, its work and two frames), then whole (a long list fills a
            # slice at a time), and the longest task the page ran meanwhile
            page.evaluate(
                "window.longestTask = 0; new PerformanceObserver((list) => {"
                " for (const e of list.getEntries())"
                " window.longestTask = Math.max(window.longestTask, e.duration); })"
                ".observe({type: 'longtask'})"
            )
            figures["text"] = page.evaluate(
                _TIMED,
                "window.textClicked = performance.now(),"
                " document.getElementById('islandmap-text-toggle').click()",
            )[0]
            figures["text-whole"] = page.wait_for_function(
                "!document.querySelector('#islandmap-text [aria-busy]') &&"
                " performance.now() - window.textClicked",
                timeout=300_000,
            ).json_value()
            page.wait_for_timeout(100)  # the last long task reported
            figures["text-longest-task"] = page.evaluate("window.longestTask")
        figures["heap"] = page.evaluate(
            "performance.memory ? performance.memory.usedJSHeapSize / 1e6 : null"
        )
        browser.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="+")
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--text-upto",
        type=int,
        default=5000,
        help="time the text version only up to this many articles (it lists every quote)",
    )
    args = parser.parse_args()
    root = args.root.resolve()
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; code: {root.name}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = (args.work or Path(tmp)).resolve()
        work.mkdir(parents=True, exist_ok=True)
        rows = []
        for spec in args.corpora:
            sources = corpus(spec, work)
            out = Path(tmp) / f"{spec.replace(':', '-')}.html"
            seconds, memory = render(root, sources, out)
            count = len(list(sources.glob("*.md")))
            figures = in_browser(out, args.repeat, text=count <= args.text_upto)
            rows.append((spec, seconds, memory, out.stat().st_size / 1e6, figures))
            print(f"{spec}: done", file=sys.stderr)

    print()
    print(
        "| corpus | render | peak memory | HTML | drawn | all read "
        "| popups, first open | popups, median | popups, max |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for spec, seconds, memory, size, f in rows:
        first = max(times[0] for times in f["popups"].values())
        worst = max(max(times) for times in f["popups"].values())
        median = statistics.median(ms for times in f["popups"].values() for ms in times)
        print(
            f"| {spec} | {seconds:.1f} s | {memory} MB | {size:.2f} MB | {f['drawn']:.0f} ms "
            f"| {f['read']:.0f} ms | {first:.0f} ms | {median:.0f} ms | {worst:.0f} ms |"
        )
    print()
    print(
        "| corpus | biggest | and N more | panel | search at once (first rows, whole) "
        "| a second later: peace treaty | islands | zzzz "
        "| text version shown, whole, longest task | JS heap |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for spec, _, _, _, f in rows:
        more = f"{f['more'][0]:.0f} ms ({f['more'][1]} sources)" if f["more"] else "–"
        search = " | ".join(_first_whole(times) for times in f["search"].values())
        heap = f"{f['heap']:.0f} MB" if f["heap"] else "–"
        text = (
            f"{f['text']:.0f} ms, {f['text-whole']:.0f} ms, {f['text-longest-task']:.0f} ms"
            if f["text"] is not None
            else "–"
        )
        print(
            f"| {spec} | {f['biggest']} | {more} | {f['panel']:.0f} ms "
            f"| {_first_whole(f['search-at-once'])} | {search} "
            f"| {text} | {heap} |"
        )
    print()
    print("Each popup, every opening (ms):")
    for spec, _, _, _, f in rows:
        each = "; ".join(
            f"{i} " + ", ".join(f"{ms:.0f}" for ms in times) for i, times in f["popups"].items()
        )
        print(f"- {spec}: {each}")


if __name__ == "__main__":
    main()
