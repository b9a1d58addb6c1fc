"""The rule set for names that are also something else (matching.py, "the rule set"):
the false-friend classes met on unseen text, each with the use that must count."""

from __future__ import annotations

import pytest

from islandmap.matching import Matcher, match_articles
from islandmap.models import Article, Passage


@pytest.fixture(scope="module")
def matcher():
    return Matcher()


def islands_in(matcher, *paragraphs):
    article = Article(
        id="a",
        title="t",
        passages=tuple(Passage("a", n, "article", p) for n, p in enumerate(paragraphs)),
    )
    return [
        [(m.island, m.surface) for m in mp.mentions]
        for mp in match_articles([article], matcher=matcher)
    ]


def test_a_common_word_at_a_sentence_start_is_not_a_village(matcher):
    found = islands_in(
        matcher,
        "Рыбаки с островов Хабомаи вернулись в Немуро.",
        "Позже они побывали на Итурупе.",
    )
    assert ("iturup", "Рыбаки") not in [m for p in found for m in p]
    assert ("habomai", "Хабомаи") in found[0]


def test_the_village_with_a_place_word_or_inside_a_sentence_counts(matcher):
    found = islands_in(
        matcher,
        "Посёлок Рыбаки стоит на Итурупе.",
        "На Итурупе есть поселки: Рейдово, Китовое, Рыбаки, Буревестник.",
    )
    flat = [m for p in found for m in p]
    assert flat.count(("iturup", "Рыбаки")) == 2


def test_a_sentence_start_word_counts_where_the_article_names_the_place(matcher):
    found = islands_in(
        matcher,
        "Остров Зелёный — самый большой в группе Хабомаи.",
        "Зелёный был открыт в 1739 году.",
    )
    assert ("habomai", "Зелёный") in found[1]


def test_an_inflected_surname_after_a_noun_is_the_man(matcher):
    found = islands_in(
        matcher,
        "Участники экспедиции Шпанберга высадились на Шикотане.",
        "Остров назван капитаном Шпанбергом.",
    )
    flat = [m for p in found for m in p]
    assert ("shikotan", "Шикотане") in flat
    assert not any(s.startswith("Шпанберг") for _, s in flat)


def test_the_old_name_of_the_island_counts(matcher):
    found = islands_in(
        matcher, "Шикотан прежде называли остров Шпанберга.", "Высаживались на Шпанберге."
    )
    flat = [m for p in found for m in p]
    assert any(s.endswith("Шпанберга") for _, s in flat)


@pytest.mark.parametrize(
    "text",
    [
        "歯舞漁協の組合員が貝殻島周辺でコンブ漁を始めた。",
        "歯舞産の昆布は高値で取引される。",
        "根室市歯舞の漁港で出漁式があった。",
        "歯舞地区の住民が集まった。",
        "Fishermen from the Habomai cooperative on the road to Cape Nosappu set out.",
        "The neat village of Habomai is part of the city of Nemuro.",
        "Kelp from Habomai fetches high prices in Tokyo.",
    ],
)
def test_habomai_on_hokkaido_is_not_the_islands(matcher, text):
    mentions, _ = matcher.find(text)
    assert not [m for m in mentions if m.surface in ("歯舞", "Habomai")], mentions


@pytest.mark.parametrize(
    "text",
    [
        "歯舞、色丹の二島の引き渡し",
        "なお歯舞と色丹島が千島に含まれるか",
        "Kelp from the Habomai islands fetches high prices.",
        "Japan claims Habomai and Shikotan.",
    ],
)
def test_habomai_the_islands_still_counts(matcher, text):
    mentions, _ = matcher.find(text)
    assert "habomai" in {m.island for m in mentions}, mentions


def test_a_misspelt_compound_name_is_not_another_settlement(matcher):
    mentions, _ = matcher.find("Flights land at Yuzhno-Kurlisk on Kunashir.")
    assert "iturup" not in {m.island for m in mentions}, mentions


@pytest.mark.parametrize(
    ("text", "covers"),
    [
        ("Рыбаки Малой Курильской гряды вышли в море.", ("shikotan", "habomai")),
        ("На Малой Курильской гряде нет аэропорта.", ("shikotan", "habomai")),
        ("Пограничники Малой гряды Курильских островов", ("shikotan", "habomai")),
        ("the Lesser Kuril Chain", ("shikotan", "habomai")),
        ("北方領土の返還", ("iturup", "kunashir", "shikotan", "habomai")),
        ("四島交流事業", ("iturup", "kunashir", "shikotan", "habomai")),
        ("жители Южных Курил", ("iturup", "kunashir", "shikotan", "habomai")),
        ("вулканы Большой Курильской гряды", ("iturup", "kunashir")),
    ],
)
def test_group_names_say_which_islands_they_cover(matcher, text, covers):
    _, collective = matcher.find(text)
    assert [c.covers for c in collective] == [covers], collective


def test_an_ainu_etymon_is_a_gloss_not_the_island(matcher):
    text = (
        "島の名前の由来は、アイヌ語の「クンネ・シㇼ/ㇽ(kunne-sir, 黒い・島)」[2]または"
        "「キナ・シㇼ/ㇽ(kina-sir, 草の・島)」[3]からである。"
    )
    assert matcher.find(text)[0] == ()
    assert matcher.find(
        "「歯舞」の由来は、アイヌ語の ハ・アプ・オマ・イ(流氷が退くと小島がそこにある所)から。"
    )[0] == (matcher.find("「歯舞」")[0][0],)


def test_institutions_and_programmes_named_after_a_place_are_not_the_place(matcher):
    for text in (
        "択捉島紗那に残存する2棟の建物「択捉島水産會事務所」と「紗那郵便局」",
        "プログラムの国後島・択捉島外来生物種・絶滅危惧種専門家交流に参加しました。",
    ):
        found = [(m.island, m.surface) for m in matcher.find(text)[0]]
        assert found in ([("iturup", "択捉島"), ("iturup", "紗那")], []), found
    # the island named in the same sentence, outside those names, still counts
    assert [m.surface for m in matcher.find("ビザなし交流の国後島訪問に同行した。")[0]] == [
        "国後島"
    ]


def test_a_group_name_swallows_the_island_name_it_starts_with(matcher):
    mentions, collective = matcher.find("色丹島まで含めて色丹列島と呼んでいた")
    assert [m.surface for m in mentions] == ["色丹島"]
    assert [(c.surface, c.covers) for c in collective] == [("色丹列島", ("shikotan", "habomai"))]


def test_the_four_main_islands_of_japan_are_not_the_four_islands(matcher):
    assert matcher.find("日本では、本土4島を除いて択捉島に次いで")[1] == ()
    assert [c.surface for c in matcher.find("まとめて4島のうちの1島と数えられています")[1]] == [
        "4島"
    ]
    assert [c.surface for c in matcher.find("北方4島だけでなく")[1]] == ["北方4島"]
    assert matcher.find("周辺の14島を調べた")[1] == ()


def test_a_variation_selector_is_part_of_the_name(matcher):
    text = "根室より色丹\U000e0101に着けり、是より武藏艦は色丹\U000e0101島を發し、國後島を經て"
    found = [(m.island, m.surface) for m in matcher.find(text)[0]]
    assert found == [
        ("shikotan", "色丹\U000e0101"),
        ("shikotan", "色丹\U000e0101島"),
        ("kunashir", "國後島"),
    ]


# --- classes met on the fresh5 split: names written as machine translation writes them,
# names inside longer names, names of other things, readings run into the text ---------


def found_in(matcher, text, article_islands=()):
    return [(m.island, m.surface) for m in matcher.find(text, article_islands)[0]]


def test_a_calque_of_one_common_word_needs_a_place_word_beside_it(matcher):
    found = islands_in(
        matcher,
        "Flights leave the airport Clear (Iturup) for Kunashir on Mondays.",
        "Clear skies were forecast for Iturup, and the harbour stayed Clear of ice.",
    )
    assert ("iturup", "Clear") in found[0]
    assert [m for m in found[1] if m[1] == "Clear"] == []


def test_a_calque_of_several_words_counts_where_its_island_is_named(matcher):
    found = islands_in(
        matcher,
        "On Iturup the army will serve the Hot Keys, Kitovy and Reidovo again.",
        "The Hot Keys were a band.",
    )
    assert ("iturup", "Hot Keys") in found[0]
    assert ("iturup", "Hot Keys") in found[1]  # the article names Iturup
    assert islands_in(matcher, "The Hot Keys were a band from Ohio.") == []


def test_south_kurilsk_is_yuzhno_kurilsk_and_not_kurilsk(matcher):
    found = found_in(
        matcher, "a sea port in South Kuril‘sk (Kunashir) and a school in South Kurilsk"
    )
    assert found == [
        ("kunashir", "South Kuril‘sk"),
        ("kunashir", "Kunashir"),
        ("kunashir", "South Kurilsk"),
    ]


def test_kurilsk_after_a_compass_word_is_another_town(matcher):
    for text in (
        "the heating system in the North-Kurilsk (Paramushir)",
        "a new school in Nord-Kurilsk",
        "в Северо Курильске",
        "セヴェロ・クリリスク",
    ):
        assert ("iturup", "Kurilsk") not in found_in(matcher, text), text
        assert not [m for m in found_in(matcher, text) if m[0] == "iturup"], text
    # the north of the town itself, and Kurilsk after any other word
    assert found_in(matcher, "houses in northern Kurilsk") == [("iturup", "Kurilsk")]
    assert found_in(matcher, "in the town of Kurilsk") == [("iturup", "Kurilsk")]


def test_a_calque_before_a_chain_word_is_part_of_the_group_name(matcher):
    mentions, collective = matcher.find("the islands of the Small Kuril ridge")
    assert mentions == ()
    assert collective


def test_to_after_a_name_is_the_english_word(matcher):
    assert found_in(matcher, "flights from Shikotan to Yuzhno-Sakhalinsk") == [
        ("shikotan", "Shikotan")
    ]
    assert found_in(matcher, "the island of Shikotan-to, Shikotan-tō") == [
        ("shikotan", "Shikotan-to"),
        ("shikotan", "Shikotan-tō"),
    ]


def test_the_islands_bare_names_written_one_after_the_other(matcher):
    assert found_in(matcher, "国後択捉は軍事上重要だし、歯舞色丹も") == [
        ("kunashir", "国後"),
        ("iturup", "択捉"),
        ("habomai", "歯舞"),
        ("shikotan", "色丹"),
    ]
    assert found_in(matcher, "帰国後に報告した") == []


def test_a_title_that_begins_with_a_name_is_not_the_island(matcher):
    for text in (
        "『色丹島記』を読んだ",
        "「国後島旧島民の生活」の展示",
        "「国後島──」の研究",
        "「国後県」",
    ):
        assert found_in(matcher, text) == [], text
    # the name alone in quotation marks, or a visit to it, is the island
    assert found_in(matcher, "「色丹島」の地図") == [("shikotan", "色丹島")]
    assert found_in(matcher, "「色丹島訪問団団長」である") == [("shikotan", "色丹島")]


def test_a_name_given_to_a_mountain_a_vessel_or_a_company(matcher):
    for text in (
        "Максимальная высота — 412 м (гора Шикотан).",
        "На заводе «Ясный» идёт реконструкция.",
        "предприятие АО «Рейдово»",
        "судно «Итуруп» вышло из порта",
        "巡視船くなしりが入港した",
        'тур под названием "Отдых на горячих источниках Итурупа"',
    ):
        assert found_in(matcher, text, ("iturup", "shikotan", "kunashir")) == [], text
    # the mountains of the island (genitive), its airport and its village are the place
    assert found_in(matcher, "горы Шикотана") == [("shikotan", "Шикотана")]
    assert found_in(matcher, "аэропорт «Итуруп»") == [("iturup", "Итуруп")]
    assert found_in(matcher, "остров под названием «Итуруп»") == [("iturup", "Итуруп")]
    assert found_in(matcher, 'the island called "Shikotan"') == [("shikotan", "Shikotan")]
    assert found_in(matcher, "в посёлке Рейдово на Итурупе") == [
        ("iturup", "Рейдово"),
        ("iturup", "Итурупе"),
    ]


def test_a_reading_run_into_the_name_as_copied_furigana_gives_it(matcher):
    mentions, collective = matcher.find(
        "北方ほっぽうよんとうのうち、歯舞はぼまい群島ぐんとうたいする訪問ほうもん事業じぎょう"
    )
    assert [(m.island, m.surface) for m in mentions] == [("habomai", "歯舞はぼまい群島")]
    assert [c.surface for c in collective] == ["北方ほっぽうよんとう"]
    assert [m.surface for m in matcher.find("日本人にっぽんじん色丹島しこたんとう訪問")[0]] == [
        "色丹島"
    ]


def test_hamlets_in_katakana_rocks_and_beaches(matcher):
    found = islands_in(
        matcher,
        "訪問団は色丹島のノトロ、キリトウシ、相見崎などを訪れた。",
        "南部のヨコネモシリ浜から上陸した。",
    )
    assert ("shikotan", "キリトウシ") in found[0]
    assert found[1:] == []  # a beach named after a place is not the place
    habomai = islands_in(matcher, "歯舞群島のカブト島とカナクソ岩")
    assert habomai == [
        [("habomai", "歯舞群島"), ("habomai", "カブト島"), ("habomai", "カナクソ岩")]
    ]
    assert islands_in(matcher, "海岸のカナクソ岩") == []  # other rocks have the name too


def test_a_former_hamlet_counts_only_where_its_island_is_named(matcher):
    visit = "古丹消とトカイセンの墓地を訪れた。"
    assert islands_in(matcher, "国後島への自由訪問。", visit)[1] == [
        ("kunashir", "古丹消"),
        ("kunashir", "トカイセン"),
    ]
    assert islands_in(matcher, visit) == []  # Hokkaido repeats such names
    port = "Its chief port was at Tomari; there was a cannery at Kotankeshi."
    assert islands_in(matcher, "Kunashiri lies off Hokkaido.", port)[1] == [
        ("kunashir", "Tomari"),
        ("kunashir", "Kotankeshi"),
    ]
    assert islands_in(matcher, port) == []


def test_the_tomari_nuclear_power_plant_is_not_the_hamlet(matcher):
    found = islands_in(
        matcher,
        "Kunashir is clearly visible from Rausu.",
        "Hokkaido Electric will restart the Tomari nuclear power plant; the Tomari plant's "
        "No. 3 reactor was shut down in 2012.",
        "The boats anchor at a tomari, a sheltered cove.",  # the word, not the name
    )
    assert found == [[("kunashir", "Kunashir")]]
