"""Benchmarks: render time and memory, matching throughput, output size, and how fast
the page draws and opens its biggest popup in headless Chromium.

    python benchmarks/run.py [--sizes 5,500,5000] [--repeat 5]

5 means the five articles in sources/; other sizes are composed by make_corpus.py into a
temporary folder. Prints a Markdown table (the figures in benchmarks/README.md).
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

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ISLANDMAP = [PYTHON, "-m", "islandmap"]
CHROMIUM = "/usr/bin/chromium"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def timed(command: list[str]) -> tuple[float, int]:
    """Wall time in seconds and peak memory in MB of one run of *command*."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss // 1024


def median_time(command: list[str], repeat: int) -> float:
    return statistics.median(timed(command)[0] for _ in range(repeat))


def matching_throughput(sources: Path) -> float:
    from islandmap.matching import default_matcher, match_articles
    from islandmap.sources import load_sources

    articles = load_sources(sources)
    size = sum(len(p.text.encode("utf-8")) for a in articles for p in a.passages)
    default_matcher()
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        match_articles(articles)
        runs.append(time.perf_counter() - start)
    return size / 1e6 / min(runs)


def browser_times(page_path: Path) -> tuple[float, float, str]:
    """Milliseconds until the four islands are drawn, and to open the biggest popup."""
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
        page.goto(page_path.resolve().as_uri(), wait_until="commit")
        drawn = page.wait_for_function(
            "document.querySelectorAll('path.island').length === 4 && performance.now()"
        ).json_value()
        biggest = page.evaluate(
            """() => {
                // the popup with the most to show: by its quote count, else its size
                const data = JSON.parse(document.getElementById('islandmap-data').textContent);
                const all = Object.assign({}, data.islands || {}, {group: data.group || {}});
                const weight = (x) => x.count || (x.quotes || []).length || (x.popup || '').length;
                let best = 'iturup', most = -1;
                for (const [id, item] of Object.entries(all)) {
                    if (weight(item) > most) { best = id; most = weight(item); }
                }
                return best;
            }"""
        )
        opened = page.evaluate(
            """async (id) => {
                const start = performance.now();
                islandmap.open(id);
                await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
                if (!document.querySelector(`.island-popup[data-island="${id}"]`)) return -1;
                return performance.now() - start;
            }""",
            biggest,
        )
        browser.close()
    return float(drawn), float(opened), biggest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5,500,5000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from make_corpus import make_corpus

    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    import_time = median_time([PYTHON, "-c", "import folium, geopandas"], args.repeat)
    help_time = median_time([*ISLANDMAP, "--help"], args.repeat)
    print(f"python -c 'import folium, geopandas': {import_time:.2f} s")
    print(f"islandmap --help: {help_time:.2f} s")
    print()
    print("| articles | render | peak memory | matching | HTML | drawn | biggest popup |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.sizes.split(",")):
            if n == 5:
                sources = ROOT / "sources"
            else:
                sources = Path(tmp) / f"corpus-{n}"
                make_corpus(n, sources, [ROOT / "sources"])
            out = Path(tmp) / f"map-{n}.html"
            command = [*ISLANDMAP, "render", "--sources", str(sources), "-o", str(out)]
            runs = [timed(command) for _ in range(args.repeat if n == 5 else 1)]
            render_time = statistics.median(r[0] for r in runs)
            memory = max(r[1] for r in runs)
            drawn, opened, island = browser_times(out)
            ratio = f" ({render_time / import_time:.2f}x import)" if n == 5 else ""
            print(
                f"| {n:,} | {render_time:.2f} s{ratio} | {memory} MB | "
                f"{matching_throughput(sources):.1f} MB/s | {out.stat().st_size / 1e6:.2f} MB | "
                f"{drawn:.0f} ms | {opened:.0f} ms ({island}) |"
            )


if __name__ == "__main__":
    main()
