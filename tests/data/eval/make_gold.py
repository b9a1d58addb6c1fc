"""Build and check the hand-made gold annotations of the evaluation set.

The human-edited file is ``<split>/annotations.yaml``.  It maps each source file to its
passages (0-based paragraph index) and lists, **in the order they occur in the
paragraph**, the names found there::

    en-example.md:
      0:
        - [Kunashir, kunashir, ru]        # island mention: surface, island, lang
        - [Kuril Islands, collective, ru] # group name -> collective.jsonl
        - [Kunashir Strait, neg]          # false friend: documented, never in gold
      3:
        - [Etorofu, iturup, ja]

Each surface is searched from the end of the previous entry of the same passage, so
repeated names are simply listed again.  Latin and Cyrillic surfaces only match whole
words (no letter right before or after).  ``neg`` entries are not written anywhere;
they document the false friends and keep the search from matching inside them.

Commands (run from anywhere)::

    python make_gold.py draft  <split> <file.md>   # print a proposed YAML block to review
    python make_gold.py build  [<split> ...]       # annotations.yaml -> gold/collective.jsonl
    python make_gold.py check  [<split> ...]       # verify gold against the sources
    python make_gold.py show   <split> <file.md>   # print passages with the annotations marked
    python make_gold.py stats  [<split> ...]       # counts per language

``check`` verifies: valid JSON, text[start:end] == surface, passage index in range,
island and lang values, every source has a gold line or is listed as negative-only,
no overlapping spans, and warns about name-like strings no annotation covers.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SPLITS = (
    "dev",
    "holdout",
    "fresh",
    "fresh2",
    "fresh3",
    "fresh4",
    "fresh5",
    "fresh6",
    "fresh7",
    "fresh8",
    "fresh9",
    "fresh10",
    "fresh11",
    "fresh12",
)
ISLANDS = ("iturup", "kunashir", "shikotan", "habomai")
LANGS = ("ja", "ru", "both")
# Files holding only false friends (no island mention), on purpose.
NEGATIVE_ONLY = {
    "en-wikipedia-etorofu-class-escort.md",
    "en-outdoorresearch-kuril-lake-bears.md",
    "en-kuban-museum-severo-kurilsk-1952.md",
    "ru-dno24-severo-kurilsk-tsunami.md",
    "en-waynesorensen-kurilskoye-lake.md",
}
# Files naming the islands only as a group (collective.jsonl lines, no island mention), on purpose.
GROUP_ONLY = {
    "ru-npacific-arov-kamchatka-yuzhnye-kurily.md",
    "ru-vz-chizhov-gosduma-kurily-2025.md",
    "ja-mainichiworld-yojo-irei-2023.md",
    "ja-5ch-army-hoppo-ryodo-boei.md",
    "en-hansard-lords-1953-former-japanese-territories.md",
    "ru-reactor-kommentariy-kurily.md",
    "en-gluedideas-cyclopedia-of-india-kurile-archipelago.md",
    "ru-inosmi-kurily-1945-chishima.md",
    "ru-rbc-tor-yuzhnye-kurily-2017.md",
    "en-aph-hansard-casey-kurile-islands-1956.md",
    "ru-fedpress-ekonomika-kuril-tor.md",
    "ru-mironov-sovfed-zayavlenie-yaponiya.md",
    "ru-eastrussia-million-gektarov-serogo.md",
    "ru-life-peskov-prinadlezhnost-kuril-2025.md",
    "en-t-intell-south-kurils-no-time-to-die.md",
    "ja-mofa-hoppo-yonto-nichiro-kyoryoku.md",
}

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_WORDCHAR = re.compile(r"[A-Za-zÀ-ÿĀ-žА-Яа-яЁё]")


# ----------------------------------------------------------------------------- sources
def read_source(path: Path) -> tuple[dict, list[str]]:
    """Front matter and paragraphs, split exactly like islandmap.sources (blank lines)."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    assert lines[0].strip() == "---", f"{path.name}: no front matter"
    end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() in ("---", "..."))
    meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    body = "\n".join(lines[end + 1 :])
    paragraphs = []
    for block in _BLANK_LINE.split(body):
        paragraph = block.strip("\n").strip()
        if paragraph:
            paragraphs.append(paragraph)
    return meta, paragraphs


def sources(split: str) -> dict[str, Path]:
    return {p.name: p for p in sorted((HERE / split).glob("*.md"))}


# ----------------------------------------------------------------------------- search
def _whole_word_ok(text: str, start: int, end: int, surface: str) -> bool:
    if _WORDCHAR.match(surface[0]) and start > 0 and _WORDCHAR.match(text[start - 1]):
        return False
    return not (_WORDCHAR.match(surface[-1]) and end < len(text) and _WORDCHAR.match(text[end]))


def find(text: str, surface: str, cursor: int) -> int:
    pos = cursor
    while True:
        i = text.find(surface, pos)
        if i < 0:
            return -1
        if _whole_word_ok(text, i, i + len(surface), surface):
            return i
        pos = i + 1


def resolve(split: str) -> tuple[list[dict], list[dict], list[dict], list[str]]:
    """Turn annotations.yaml into gold, collective and negative records (+ errors)."""
    ann_path = HERE / split / "annotations.yaml"
    ann = yaml.safe_load(ann_path.read_text(encoding="utf-8")) or {}
    srcs = sources(split)
    gold, coll, neg, errors = [], [], [], []
    for source, passages in ann.items():
        if source not in srcs:
            errors.append(f"{split}/{source}: annotated but no such file")
            continue
        _, paragraphs = read_source(srcs[source])
        for pidx, entries in (passages or {}).items():
            pidx = int(pidx)
            if not 0 <= pidx < len(paragraphs):
                errors.append(f"{split}/{source}#{pidx}: passage out of range ({len(paragraphs)})")
                continue
            text = paragraphs[pidx]
            cursor = 0
            for entry in entries or []:
                surface = str(entry[0])
                kind = entry[1]
                i = find(text, surface, cursor)
                if i < 0:
                    errors.append(f"{split}/{source}#{pidx}: {surface!r} not found after {cursor}")
                    continue
                start, end = i, i + len(surface)
                cursor = end
                if kind == "neg":
                    neg.append(
                        {
                            "source": source,
                            "passage": pidx,
                            "surface": surface,
                            "start": start,
                            "end": end,
                        }
                    )
                elif kind == "collective":
                    coll.append(
                        {
                            "source": source,
                            "passage": pidx,
                            "surface": surface,
                            "start": start,
                            "end": end,
                            "lang": entry[2],
                        }
                    )
                else:
                    gold.append(
                        {
                            "source": source,
                            "passage": pidx,
                            "island": kind,
                            "surface": surface,
                            "start": start,
                            "end": end,
                            "lang": entry[2],
                        }
                    )
    key = lambda r: (r["source"], r["passage"], r["start"])  # noqa: E731
    return sorted(gold, key=key), sorted(coll, key=key), sorted(neg, key=key), errors


def build(split: str) -> None:
    gold, coll, _neg, errors = resolve(split)
    if errors:
        print("\n".join(errors))
        raise SystemExit(f"{split}: {len(errors)} annotation errors, nothing written")
    for name, records in (("gold.jsonl", gold), ("collective.jsonl", coll)):
        with open(HERE / split / name, "w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{split}: wrote {len(gold)} gold, {len(coll)} collective")


# ----------------------------------------------------------------------------- lexicon
# My own list of name-like strings, used only to propose annotations and to warn
# about uncovered hits.  Every proposal is reviewed by hand.
LEX: list[tuple[str, str, str]] = [
    # false friends first, so that the names inside them are not proposed
    (
        r"Severo-Kurilsk|Yuzhno-Sakhalinsk|Etorofu[- ]class|Kunashiri? Strait|Etorofu Strait"
        r"|Kuril Lake|Kurilsky District|Yuzhno-Kurilsky(?: District)?|Kurilsk Universal Complex",
        "neg",
        "-",
    ),
    (
        r"(?:[Юю]жн\w+ |[Юю]жно-[Кк]урильск\w+ )?Курильск\w+ остров\w*"
        r"|(?:Мал\w+ )?Курильск\w+ гряд\w*|Мал\w+ гряд\w*|[Юю]жн\w+ Курил\w*",
        "collective",
        "ru",
    ),
    (
        r"Северо-Курильск\w*|Южно-Сахалинск\w*|[Кк]унаширск\w+"
        r"|Южно-Курильск(?:ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их)(?!\w)"
        r"|Курильск(?:ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их)(?!\w)|Юри[йяюе] (?=[А-ЯЁ])"
        r"|[Ии]турупск\w+|[Шш]икотанск\w+"
        r"|[Кк]урильчан\w*|Сахалин-Курилы",
        "neg",
        "-",
    ),
    (
        r"帰国後|入国後|国後水道|択捉水道|択捉海峡|択捉型|歯舞漁協|歯舞村|歯舞港|南クリル"
        r"|ユジノ・?サハリンスク|豊原"
        r"|クナシルスキー海峡|しこたん地震|シコタン地震|千島連盟|巡視船くなしり",
        "neg",
        "-",
    ),
    (r"ユジノ・?クリー?リスク", "kunashir", "ru"),
    # Latin
    (r"Etorofu(?:-t[oō])?|Etorufu|Etorofu-jima", "iturup", "ja"),
    (r"Iturup|Ituruop|Yetorup", "iturup", "ru"),
    (r"Yuzhno-Kurilsk", "kunashir", "ru"),
    (r"Kurilsk|Kurlisk|Yasny", "iturup", "ru"),
    (r"Shana", "iturup", "ja"),
    (r"Kunashiri(?:-t[oō])?", "kunashir", "ja"),
    (r"Kunashir", "kunashir", "ru"),
    (r"Yuzhno-Kurilsk", "kunashir", "ru"),
    (r"Furukamappu", "kunashir", "ja"),
    (r"Golovnino|Mendeleyevo|Mendeleevo", "kunashir", "ru"),
    (r"Shikotan-t[oō]", "shikotan", "ja"),
    (r"Shikotan", "shikotan", "both"),
    (r"Malokurilskoye|Krabozavodsk(?:oye)?|Shpanberg", "shikotan", "ru"),
    (r"Habomais?|Habomai", "habomai", "ja"),
    (r"Khabomai", "habomai", "ru"),
    (r"Kaigara|Suishojima|Suisho|Shibotsu|Taraku|Akiyuri|Harukaru", "habomai", "ja"),
    (
        r"Yuri(?: Island)?|Zeleny(?: [Ii]slands?)?|Tanfilyev|Anuchin(?: Islands?)?"
        r"|Polonsky|Signalny",
        "habomai",
        "ru",
    ),
    (r"Northern [Tt]erritories|northern territories", "collective", "ja"),
    (
        r"(?:Southern |South )?Kuril(?:e)?s?(?: Islands?| archipelago| [Ii]sland chain| [Rr]idge"
        r"| chain)|(?:Southern |South )?Kurils|Kuriles|Small Kuril ridge"
        r"|Lesser Kuril(?: chain| Islands)?",
        "collective",
        "ru",
    ),
    (r"Chishima", "collective", "ja"),
    # Cyrillic
    (
        r"Итуруп\w*|Ясн(?:ый|ого|ом)(?=»)|Горячие Ключи|Горячих Ключ\w+"
        r"|Буревестник\w*",
        "iturup",
        "ru",
    ),
    (r"Южно-Курильск(?:а|е|ом|у)?(?!\w)", "kunashir", "ru"),
    (r"Курильск(?:а|е|ом|у)?(?!\w)", "iturup", "ru"),
    (r"Кунашир\w*|Менделеево|Головнино", "kunashir", "ru"),
    (r"Шикотан\w*", "shikotan", "ru"),
    (
        r"Малокурильск(?:ое|ого|ом|ому)(?!\w)|Крабозаводск(?:ое|ого|ом|ому)?(?!\w)"
        r"|Аннама",
        "shikotan",
        "ru",
    ),
    (
        r"Хабомаи|Зел[её]н(?:ый|ого|ом)|Танфильева|Анучина|Полонского|Юрий|Юрия|Дёмина"
        r"|Осколки|Грига|Айвазовского|Сигнальн\w+",
        "habomai",
        "ru",
    ),
    (r"Курил(?:ы|ах|ам|ами)?(?!\w)", "collective", "ru"),
    # Japanese
    (r"択捉(?:\(えとろふ\))?(?:島)?", "iturup", "ja"),
    (r"紗那|天寧|内岡", "iturup", "ja"),
    (r"クリーリスク|クリリスク|イトゥルップ|イトゥルプ|イツルプ", "iturup", "ru"),
    (r"国後(?:\(くなしり\))?(?:島)?", "kunashir", "ja"),
    (r"古釜布|泊村|クナシリ島?", "kunashir", "ja"),
    (r"ユジノ・?クリー?リスク|クナシル島?|ゴロブニノ|ガラブニノ", "kunashir", "ru"),
    (r"色丹(?:島)?|斜古丹|穴澗", "shikotan", "ja"),
    (r"シコタン島?|しこたん", "shikotan", "ja"),
    (r"マロクリリスク|マロクリスコエ|クラボザボツコエ|クラボザヴォドスコエ", "shikotan", "ru"),
    (r"歯舞(?:\(はぼまい\)|\(はぽまい\))?(?:群島|諸島)?", "habomai", "ja"),
    (
        r"貝殻島|水晶島|志発島|多楽島|秋勇留島|勇留島|萌茂尻(?:\(もえもしり\))?島"
        r"|オドケ島|海馬島|春苅島",
        "habomai",
        "ja",
    ),
    (r"シグナルヌイ島|タンフィリエフ島", "habomai", "ru"),
    (r"北方領土|北方四島|千島(?:列島)?", "collective", "ja"),
    (r"(?:南|小)?クリル(?:諸島|列島)?", "collective", "ru"),
]
_LEX = [(re.compile(p), island, lang) for p, island, lang in LEX]


def lexicon_hits(text: str) -> list[tuple[int, int, str, str, str]]:
    hits = []
    taken = [False] * (len(text) + 1)
    for rx, island, lang in _LEX:
        for m in rx.finditer(text):
            s, e = m.span()
            if s == e or any(taken[s:e]):
                continue
            if not _whole_word_ok(text, s, e, m.group()):
                continue
            hits.append((s, e, m.group(), island, lang))
            for k in range(s, e):
                taken[k] = True
    return sorted(hits)


def draft(split: str, name: str) -> None:
    _, paragraphs = read_source(HERE / split / name)
    print(f"{name}:")
    for i, text in enumerate(paragraphs):
        hits = lexicon_hits(text)
        if not hits:
            continue
        print(f"  {i}:")
        for _s, _e, surface, island, lang in hits:
            if island == "neg":
                print(f"    - [{surface}, neg]")
            elif island == "collective":
                print(f"    - [{surface}, collective, {lang}]")
            else:
                print(f"    - [{surface}, {island}, {lang}]")


# ----------------------------------------------------------------------------- check
def check(split: str) -> int:
    problems = 0
    srcs = sources(split)
    paras = {name: read_source(path)[1] for name, path in srcs.items()}
    try:  # cross-check the paragraph split against the project's own reader
        from islandmap.sources import parse_markdown

        for name, path in srcs.items():
            art = parse_markdown(path.read_text(encoding="utf-8"), name, path)
            theirs = [p.text for p in art.passages]
            if theirs != paras[name]:
                print(f"{split}/{name}: paragraph split differs from islandmap.sources")
                problems += 1
            if art.language not in ("en", "ru", "ja"):
                print(f"{split}/{name}: language {art.language!r}")
                problems += 1
    except ImportError:
        print("(islandmap not importable: paragraph split not cross-checked)")
    spans: dict[tuple[str, int], list[tuple[int, int, str]]] = defaultdict(list)
    with_gold = set()
    for fname, is_gold in (("gold.jsonl", True), ("collective.jsonl", False)):
        for n, line in enumerate(
            (HERE / split / fname).read_text(encoding="utf-8").splitlines(), 1
        ):
            try:
                r = json.loads(line)
            except json.JSONDecodeError as err:
                print(f"{split}/{fname}:{n}: bad JSON: {err}")
                problems += 1
                continue
            src, p = r["source"], r["passage"]
            if src not in paras or not 0 <= p < len(paras[src]):
                print(f"{split}/{fname}:{n}: bad source/passage {src}#{p}")
                problems += 1
                continue
            text = paras[src][p]
            if text[r["start"] : r["end"]] != r["surface"]:
                got = text[r["start"] : r["end"]]
                print(f"{split}/{fname}:{n}: text[start:end]={got!r} != {r['surface']!r}")
                problems += 1
            if r["lang"] not in LANGS or (is_gold and r["island"] not in ISLANDS):
                print(f"{split}/{fname}:{n}: bad island/lang {r}")
                problems += 1
            if is_gold and r["lang"] == "both" and r["surface"] != "Shikotan":
                print(f"{split}/{fname}:{n}: lang both only for Latin 'Shikotan': {r}")
                problems += 1
            expected = {"source", "passage", "surface", "start", "end", "lang"}
            if is_gold:
                expected.add("island")
            if set(r) != expected:
                print(f"{split}/{fname}:{n}: keys {sorted(r)}")
                problems += 1
            spans[(src, p)].append((r["start"], r["end"], r["surface"]))
            if is_gold:
                with_gold.add(src)
    for key, ss in spans.items():
        ss.sort()
        for a, b in itertools.pairwise(ss):
            if b[0] < a[1]:
                print(f"{split}/{key[0]}#{key[1]}: overlapping spans {a} {b}")
                problems += 1
    with_group = {r["source"] for r in resolve(split)[1]}
    for name in srcs:
        if name in GROUP_ONLY and name not in with_group:
            print(f"{split}/{name}: declared group-only but has no group name")
            problems += 1
        elif name not in with_gold and name not in NEGATIVE_ONLY | GROUP_ONLY:
            print(f"{split}/{name}: no gold line and not a declared negative-only file")
            problems += 1
    # lint: lexicon hits not covered by gold, collective or neg
    _g, _c, negs, errors = resolve(split)
    for e in errors:
        print(e)
        problems += 1
    for r in negs:
        spans[(r["source"], r["passage"])].append((r["start"], r["end"], r["surface"]))
    for name, ps in paras.items():
        for i, text in enumerate(ps):
            covered = spans.get((name, i), [])
            for s, e, surface, island, _lang in lexicon_hits(text):
                if not any(cs < e and s < ce for cs, ce, _ in covered):
                    print(f"  warn {split}/{name}#{i}: unannotated {surface!r} ({island}) at {s}")
    print(f"{split}: {problems} problems")
    return problems


def show(split: str, name: str) -> None:
    _, paragraphs = read_source(HERE / split / name)
    gold, coll, neg, errors = resolve(split)
    for e in errors:
        print(e)
    marks = defaultdict(list)
    for r in gold:
        marks[(r["source"], r["passage"])].append(
            (r["start"], r["end"], f"{r['island']}/{r['lang']}")
        )
    for r in coll:
        marks[(r["source"], r["passage"])].append((r["start"], r["end"], f"C/{r['lang']}"))
    for r in neg:
        marks[(r["source"], r["passage"])].append((r["start"], r["end"], "NEG"))
    for i, text in enumerate(paragraphs):
        out, last = [], 0
        for s, e, tag in sorted(marks.get((name, i), [])):
            out.append(text[last:s] + f"[[{text[s:e]}|{tag}]]")
            last = e
        out.append(text[last:])
        print(f"#{i}: {''.join(out)}\n")


def stats(split: str) -> None:
    gold, coll, _neg, _errors = resolve(split)
    srcs = sources(split)
    by_lang = defaultdict(lambda: Counter())
    for path in srcs.values():
        meta, ps = read_source(path)
        by_lang[meta["language"]]["articles"] += 1
        by_lang[meta["language"]]["paragraphs"] += len(ps)
    lang_of = {name: read_source(path)[0]["language"] for name, path in srcs.items()}
    for r in gold:
        by_lang[lang_of[r["source"]]]["mentions"] += 1
        by_lang[lang_of[r["source"]]][f"{r['island']}"] += 1
        by_lang[lang_of[r["source"]]][f"lang={r['lang']}"] += 1
    for r in coll:
        by_lang[lang_of[r["source"]]]["collective"] += 1
    for lang in ("en", "ru", "ja"):
        print(split, lang, dict(by_lang[lang]))


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    cmd, args = argv[0], argv[1:]
    if cmd == "draft":
        draft(args[0], args[1])
    elif cmd == "show":
        show(args[0], args[1])
    elif cmd == "build":
        for s in args or SPLITS:
            build(s)
    elif cmd == "check":
        return 1 if sum(check(s) for s in args or SPLITS) else 0
    elif cmd == "stats":
        for s in args or SPLITS:
            stats(s)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
