"""The matcher, case by case: what a reader would count as naming an island."""

from __future__ import annotations

import pytest

from islandmap.matching import Matcher, default_matcher, fold


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return default_matcher()


def found(matcher: Matcher, text: str) -> list[tuple[str, str, str]]:
    mentions, _ = matcher.find(text)
    for m in mentions:
        assert text[m.start : m.end] == m.surface
    return [(m.island, m.surface, m.lang) for m in mentions]


def test_each_island_in_both_languages_and_scripts(matcher):
    assert found(matcher, "Iturup, Etorofu, Итуруп, 択捉島") == [
        ("iturup", "Iturup", "ru"),
        ("iturup", "Etorofu", "ja"),
        ("iturup", "Итуруп", "ru"),
        ("iturup", "択捉島", "ja"),
    ]
    assert found(matcher, "Kunashir, Kunashiri, Кунашир, 国後島") == [
        ("kunashir", "Kunashir", "ru"),
        ("kunashir", "Kunashiri", "ja"),
        ("kunashir", "Кунашир", "ru"),
        ("kunashir", "国後島", "ja"),
    ]
    assert found(matcher, "Shikotan, Шикотан, 色丹島") == [
        ("shikotan", "Shikotan", "both"),
        ("shikotan", "Шикотан", "ru"),
        ("shikotan", "色丹島", "ja"),
    ]
    assert found(matcher, "Habomai, Хабомаи, 歯舞群島") == [
        ("habomai", "Habomai", "ja"),
        ("habomai", "Хабомаи", "ru"),
        ("habomai", "歯舞群島", "ja"),
    ]


def test_case_diacritics_and_stress_marks(matcher):
    assert found(matcher, "ITURUP and kunashiri") == [
        ("iturup", "ITURUP", "ru"),
        ("kunashir", "kunashiri", "ja"),
    ]
    assert found(matcher, "Etorofu-tō, Итуру́п") == [
        ("iturup", "Etorofu-tō", "ja"),
        ("iturup", "Итуру́п", "ru"),
    ]


@pytest.mark.parametrize(
    "text",
    ["Etorofu–Iturup", "Etorofu—Iturup", "Etorofu/Iturup", "Etorofu (Iturup)", "Etorofu-Iturup"],
)
def test_pairs_give_one_mention_per_name(matcher, text):
    assert found(matcher, text) == [("iturup", "Etorofu", "ja"), ("iturup", "Iturup", "ru")]


def test_kunashir_and_kunashiri_are_different_names(matcher):
    assert found(matcher, "Kunashiri (Kunashir)") == [
        ("kunashir", "Kunashiri", "ja"),
        ("kunashir", "Kunashir", "ru"),
    ]


@pytest.mark.parametrize(
    "text",
    ["Kunashirsky", "Habomaian", "Shikotanese", "preIturup", "Курильский район", "кунаширский"],
)
def test_a_name_inside_a_longer_word_is_not_a_mention(matcher, text):
    assert found(matcher, text) == []


def test_russian_inflection(matcher):
    assert [
        s for _, s, _ in found(matcher, "на Итурупе, с Кунашира, к Шикотану, под Курильском")
    ] == [
        "Итурупе",
        "Кунашира",
        "Шикотану",
        "Курильском",
    ]


def test_japanese_without_spaces(matcher):
    assert found(matcher, "択捉島に行き、国後・色丹と歯舞群島を見た") == [
        ("iturup", "択捉島", "ja"),
        ("kunashir", "国後", "ja"),
        ("shikotan", "色丹", "ja"),
        ("habomai", "歯舞群島", "ja"),
    ]


def test_reading_in_brackets_stays_part_of_the_name(matcher):
    assert found(matcher, "択捉（えとろふ）島と国後(くなしり)島") == [
        ("iturup", "択捉（えとろふ）島", "ja"),
        ("kunashir", "国後(くなしり)島", "ja"),
    ]


def test_misspellings_from_real_text(matcher):
    assert found(matcher, "as, Etorufu–Iturup") == [
        ("iturup", "Etorufu", "ja"),
        ("iturup", "Iturup", "ru"),
    ]
    assert found(matcher, "Shikotin and Itarup") == [
        ("shikotan", "Shikotin", "both"),
        ("iturup", "Itarup", "ru"),
    ]


def test_a_misspelling_that_could_be_either_language_is_left_out(matcher):
    # one slip away from both Kunashir (ru) and Kunashiri (ja)
    assert found(matcher, "Kunashri") == []


def test_misspellings_do_not_fire_on_ordinary_words(matcher):
    assert found(matcher, "the shakotan peninsula, iterupt, an eterofu, Shakotan town") == []


@pytest.mark.parametrize(
    "text",
    [
        "the Etorofu-class escort ship",
        "an Etorofu class kaibokan",
        "ferries cross the Kunashir Strait",
        "the Kunashiri Strait",
        "帰国後に会見した",
        "入国後",
        "国後水道",
        "択捉型海防艦",
        "Severo-Kurilsk on Paramushir",
        "в Северо-Курильске",
        "the Habomai fisheries cooperative in Nemuro",
        "歯舞漁協の組合長",
        "Юрий Трутнев прилетел",
        "Зелёный свет",
        "Kurile Lake in Kamchatka",
        "Shakotan in Hokkaido",
    ],
)
def test_false_friends_do_not_join_to_an_island(matcher, text):
    assert found(matcher, text) == []


def test_false_friend_does_not_hide_the_island_elsewhere(matcher):
    assert found(matcher, "The Kunashir Strait separates Kunashir from Hokkaido.") == [
        ("kunashir", "Kunashir", "ru")
    ]


def test_settlements_and_islets_count_for_their_island(matcher):
    assert found(matcher, "Yuzhno-Kurilsk, Kurilsk, Малокурильское, 志発島, остров Зелёный") == [
        ("kunashir", "Yuzhno-Kurilsk", "ru"),
        ("iturup", "Kurilsk", "ru"),
        ("shikotan", "Малокурильское", "ru"),
        ("habomai", "志発島", "ja"),
        ("habomai", "остров Зелёный", "ru"),
    ]


def test_context_names_count_only_with_their_island(matcher):
    assert found(matcher, "Martin Spanberg sailed in 1739.") == []
    assert found(matcher, "Shikotan–Shpanberg") == [
        ("shikotan", "Shikotan", "both"),
        ("shikotan", "Shpanberg", "ru"),
    ]


def test_collective_names_are_recorded_separately(matcher):
    mentions, collective = matcher.find(
        "known in Russia as the Southern Kurils and in Japan as the Northern Territories; "
        "Южных Курил, 北方領土, the Kuril Islands"
    )
    assert mentions == ()
    assert [(c.surface, c.lang) for c in collective] == [
        ("Southern Kurils", "ru"),
        ("Northern Territories", "ja"),
        ("Южных Курил", "ru"),
        ("北方領土", "ja"),
        ("Kuril Islands", "ru"),
    ]


def test_invisible_characters_do_not_break_names_or_offsets(matcher):
    text = "Ku\u200bnashir and \u202eIturup"
    mentions, _ = matcher.find(text)
    assert [(m.island, m.surface) for m in mentions] == [
        ("kunashir", "Ku\u200bnashir"),
        ("iturup", "Iturup"),
    ]


def test_fold_keeps_length_for_ordinary_text():
    assert fold("Étorofu – Итуру́п") == "etorofu - итуруп"


def test_islet_names_that_are_first_names(matcher):
    assert found(matcher, "Юрий Трутнев прилетел на острова Хабомаи") == [
        ("habomai", "Хабомаи", "ru")
    ]
    assert found(matcher, "graves on the Yuri and Zeleny islands") == [
        ("habomai", "Yuri", "ru"),
        ("habomai", "Zeleny islands", "ru"),
    ]


def test_a_list_of_islets_supports_itself(matcher):
    text = "острова – «кочки». Зелёный, Осколки, Дёмина, Юрий, Анучина, Полонского, Танфильева"
    assert len(found(matcher, text)) == 7
    assert found(matcher, "Осколки и Зелёный") == []


def test_readings_in_hiragana_do_not_split_or_double_a_name(matcher):
    assert found(matcher, "歯舞(はぽまい)群島と歯舞群島(はぼまいぐんとう)") == [
        ("habomai", "歯舞(はぽまい)群島", "ja"),
        ("habomai", "歯舞群島", "ja"),
    ]
    # a Russian name in katakana after the Japanese one is a second mention
    assert found(matcher, "古釜布(ユジノクリーリスク)") == [
        ("kunashir", "古釜布", "ja"),
        ("kunashir", "ユジノクリーリスク", "ru"),
    ]


def test_a_surname_after_a_first_name_is_a_person(matcher):
    assert found(matcher, "Shikotan, once Spanberg, honours Martin Spanberg.") == [
        ("shikotan", "Shikotan", "both"),
        ("shikotan", "Spanberg", "ru"),
    ]


def test_an_adjective_is_not_a_misspelling(matcher):
    assert found(matcher, "Kurilsky District; Kurlisk") == [("iturup", "Kurlisk", "ru")]


def test_islet_names_count_in_a_list_of_the_islands(matcher):
    assert found(matcher, "острова Кунашир, Шикотан, Итуруп и Зелёный") == [
        ("kunashir", "Кунашир", "ru"),
        ("shikotan", "Шикотан", "ru"),
        ("iturup", "Итуруп", "ru"),
        ("habomai", "Зелёный", "ru"),
    ]


def test_context_names_count_where_the_article_names_their_island(matcher):
    from islandmap.models import Article, Passage

    article = Article(
        id="a.md",
        title="T",
        passages=(
            Passage("a.md", 0, "article", "Former residents visited Etorofu."),
            Passage("a.md", 1, "article", "They prayed at the Shana graveyard."),
        ),
    )
    [_, second] = matcher.match_article(article)
    assert [m.surface for m in second.mentions] == ["Shana"]
    lone = Article(id="b.md", title="T", passages=(article.passages[1],))
    assert matcher.match_article(lone) == []


def test_a_reading_run_into_the_text_is_not_a_second_mention(matcher):
    assert found(matcher, "択捉島えとろふとうの紗那") == [
        ("iturup", "択捉島", "ja"),
        ("iturup", "紗那", "ja"),
    ]


def test_district_of_the_same_name_counts(matcher):
    assert found(matcher, "北海道国後郡泊村") == [
        ("kunashir", "国後", "ja"),
        ("kunashir", "泊村", "ja"),
    ]


def test_names_of_things_named_after_the_islands_do_not_count(matcher):
    for text in ("пролив Танфильева", "Yuzhno-Kurilsk Bay", "択捉富士", "Шпанберг Мартын Петрович"):
        assert found(matcher, text) == [], text


def test_settlements_current_and_former(matcher):
    assert found(matcher, "Рейдово, 留別村, Golovnino, 色丹島の斜古丹") == [
        ("iturup", "Рейдово", "ru"),
        ("iturup", "留別村", "ja"),
        ("kunashir", "Golovnino", "ru"),
        ("shikotan", "色丹島", "ja"),
        ("shikotan", "斜古丹", "ja"),
    ]


def test_a_false_friend_must_be_a_whole_word_too(matcher):
    # "Golovnin" (the navigator, a false friend) does not swallow "Golovnino"
    assert found(matcher, "Golovnino") == [("kunashir", "Golovnino", "ru")]


def test_common_words_that_name_settlements_need_their_island(matcher):
    assert found(matcher, "Горное и Отрада") == []
    assert found(matcher, "На Итурупе, в посёлке Горное") == [
        ("iturup", "Итурупе", "ru"),
        ("iturup", "Горное", "ru"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "二度と戻らないほうがいい",
        "みんなよかった",
        "スープのとろみ",
        "根室市歯舞の漁港で水揚げが始まった。",
        "北千島の占守島では",
        "The Kurile Lake sockeye, unlike the Kurile trout.",
        "The economist Milan Zeleny said so.",
        "В Южно-Курильском проливе задержали шхуну.",
    ],
)
def test_ordinary_words_and_other_places_found_in_review(matcher, text):
    mentions, collective = matcher.find(text)
    assert (mentions, collective) == ((), ())


def test_a_japanese_name_in_cyrillic_is_the_japanese_form(matcher):
    assert found(matcher, "Сикотан-мура на Шикотане") == [
        ("shikotan", "Сикотан-мура", "ja"),
        ("shikotan", "Шикотане", "ru"),
    ]


def test_a_name_followed_by_a_feature_word_names_the_feature(matcher):
    # straits, rivers, plains, shrines named after a place are not the place
    assert found(matcher, "南クリリスク海峡をはさんで") == []
    assert found(matcher, "別飛川流域は広大な泥炭地") == []
    assert found(matcher, "国後水道を通る") == []
    assert found(matcher, "多楽島市杵島神社=") == []
    assert found(matcher, "多楽島金刀比羅神社") == []
    assert found(matcher, "六甲、内保、入里節、ラウス、年萠、留茶留などの原野") == []
    assert found(matcher, "the tour “Relaxation at Iturupa Hot Springs”") == []
    assert found(matcher, "through the Kunashir Strait") == []
    # ports, airports, coasts, graveyards and the island's own places still count
    assert [f[1] for f in found(matcher, "古釜布港に着く")] == ["古釜布"]
    # 字カガマ, a locality of 多楽島, named as the locator of its 弁天島
    assert [f[1] for f in found(matcher, "多楽島字カガマ弁天島")] == ["多楽島", "カガマ"]
    assert [f[1] for f in found(matcher, "内保、蘂取間に準地方道")] == ["内保", "蘂取"]
    assert [f[1] for f in found(matcher, "the hot springs of Iturup")] == ["Iturup"]
    assert [f[1] for f in found(matcher, "Iturup airport")] == ["Iturup"]


def test_machine_translated_latin_settlement_names(matcher):
    # c for k, as English spelling and machine translation write it; a Russian spelling
    assert found(matcher, "the inhabitants of Shicotan") == [("shikotan", "Shicotan", "ru")]
    assert found(matcher, "the inhabitants of shicotan") == []  # misspellings need a capital
    # names cut short or garbled by machine translation
    assert [f[1] for f in found(matcher, "villages: Crazodskoye, Malokuril.")] == [
        "Crazodskoye",
        "Malokuril",
    ]


def test_a_list_of_settlements_of_several_islands_gives_its_names_their_context(matcher):
    text = "9 villages: Mendeleevo, Otrada, Lighthouse Lovtsova, Crazodskoye, Malokuril."
    assert [f[1] for f in found(matcher, text)] == [
        "Mendeleevo",
        "Otrada",
        "Crazodskoye",
        "Malokuril",
    ]
    # two such names alone still need their island named in the article
    assert found(matcher, "Mendeleevo and Otrada are villages.") == []


def test_russian_names_in_print_and_archival_spellings(matcher):
    # a Cyrillic name run into the Japanese after it
    assert found(matcher, "色丹島(露:Шикотанシコタン)")[:2] == [
        ("shikotan", "色丹島", "ja"),
        ("shikotan", "Шикотан", "ru"),
    ]
    assert found(matcher, "Шикотанский район") == []  # a longer Cyrillic word is not
    # the prepositional case of the older settlement form
    assert found(matcher, "жили в Малокурильске") == [("shikotan", "Малокурильске", "ru")]
    # a name split by a hyphen at a line end
    assert found(matcher, "на острове Сика-\nтан (Шикотан)") == [
        ("shikotan", "Сика-\nтан", "ja"),
        ("shikotan", "Шикотан", "ru"),
    ]
    assert found(matcher, "Ита-\nлия") == []
    # one mention for a case form broken after the stem, not the stem and the whole
    assert found(matcher, "на Кунашир-\nом") == [("kunashir", "Кунашир-\nом", "ru")]
    # Japanese names in Cyrillic, an islet group, an islet headword in capitals
    assert found(matcher, "Сейсо (Танфильева)")[0] == ("habomai", "Сейсо", "ja")
    assert found(matcher, "два субархипелага — острова Лисьи и") == [
        ("habomai", "острова Лисьи", "ru")
    ]
    assert found(matcher, "лисьи норы") == []
    text = "АЙВАЗОВСКОГО, необитаемый остров в Церковной бухте, о. Шикотан."
    assert found(matcher, text)[0] == ("shikotan", "АЙВАЗОВСКОГО", "ru")
    # the painter, not the islet
    assert found(matcher, "в честь Айвазовского Ивана Константиновича, о. Шикотан")[0][1] == (
        "Шикотан"
    )


def test_japanese_variant_kanji_kana_readings_and_prewar_names(matcher):
    # the reading in hiragana written alone
    assert found(matcher, "「えとろふ」とはアイヌ語で") == [("iturup", "えとろふ", "ja")]
    # 萠 for 萌, prewar hamlets and islet names
    assert found(matcher, "萠茂尻島") == [("habomai", "萠茂尻島", "ja")]
    assert [f[1] for f in found(matcher, "入里節、天寧、年萠、茂世路でわずかに船を停泊")] == [
        "入里節",
        "天寧",
        "年萠",
        "茂世路",
    ]
    assert found(matcher, "戦前の地図では「塩津島」という表記") == [("habomai", "塩津島", "ja")]
    # a bar or dash written for the long-vowel mark in a Russian name in katakana
    assert found(matcher, "ポロンスキ―島") == [("habomai", "ポロンスキ―島", "ru")]
    assert found(matcher, "バロンスキ―島(多楽島)")[0] == ("habomai", "バロンスキ―島", "ru")
    assert found(matcher, "ポロンスキ-島") == [("habomai", "ポロンスキ-島", "ru")]
    # a kanji name before a hyphen is not changed
    assert found(matcher, "年萠湖") == []


def groups(matcher: Matcher, text: str) -> list[str]:
    return [c.surface for c in matcher.find(text)[1]]


def test_group_names_ridges_chains_and_the_names_of_bodies(matcher):
    assert groups(matcher, "the largest island of the Kuril ridge - Iturup") == ["Kuril ridge"]
    assert groups(matcher, "the Greater Kuril Ridge") == ["Greater Kuril Ridge"]
    assert groups(matcher, "the Lesser Kuril island chain") == ["Lesser Kuril island chain"]
    assert groups(matcher, "в пределах Курильского архипелага") == ["Курильского архипелага"]
    assert groups(matcher, "1945年の終戦時、四島には") == ["四島"]
    # a body or a report named after the islands
    assert groups(matcher, "道庁内に千島調査準備委員会を設け") == []
    assert groups(matcher, "報告書『千島調査資料』") == []
    assert groups(matcher, "千島開発委員会") == []
    # an exchange or a visit is about the islands
    assert groups(matcher, "北方四島交流北海道推進委員会") == ["北方四島"]
    assert groups(matcher, "北方領土訪問について") == ["北方領土"]


def test_the_kuril_chain_its_abbreviations_and_its_parts_are_group_names(matcher):
    _, collective = matcher.find(
        "на Кунашире (Курильские о-ва); острова Курильской гряды; до возвращения Курильских "
        "о-вов; Малой Курильской гряды; 小クリル列島(色丹島歯舞群島); クリル海嶺で最大の島"
    )
    assert [(c.surface, c.covers) for c in collective] == [
        ("Курильские о-ва", ("iturup", "kunashir", "shikotan", "habomai")),
        ("Курильской гряды", ("iturup", "kunashir", "shikotan", "habomai")),
        ("Курильских о-вов", ("iturup", "kunashir", "shikotan", "habomai")),
        ("Малой Курильской гряды", ("shikotan", "habomai")),
        ("小クリル列島", ("shikotan", "habomai")),
        ("クリル海嶺", ("iturup", "kunashir", "shikotan", "habomai")),
    ]


def test_a_name_both_sides_spell_alike_takes_its_list_s_language(matcher):
    def langs(text):
        return [(m.surface, m.lang) for m in matcher.find(text)[0]]

    assert langs("ETOROFU, KUNASHIRI, SHIKOTAN, HABOMAI")[2] == ("SHIKOTAN", "ja")
    assert langs("Iturup, Kunashir, SHIKOTAN")[2] == ("SHIKOTAN", "ru")
    assert langs("Kaigara, Suisho, Akiyuri, Yuri, Shibotsu and Taraku")[3] == ("Yuri", "ja")
    # "Shikotan" as written is both sides' name, in a list too; alone a name keeps its own
    assert langs("Iturup, Kunashir, Shikotan")[2] == ("Shikotan", "both")
    assert langs("SHIKOTAN") == [("SHIKOTAN", "both")]


def test_the_names_spoken_alike_are_those_of_places_yaml():
    from islandmap import names
    from islandmap.matching import _SPOKEN_ALIKE

    alike = set()
    for place in names.load_places():
        ja, ru = place.get("ja"), place.get("ru")
        if ja and ru:
            hepburn = {h.lower() for h in names.romanize(ja["reading"])}
            alike |= {latin for latin in ru.get("latin", []) if latin.lower() in hepburn}
    assert alike - {"Shikotan"} == _SPOKEN_ALIKE  # Shikotan is lang both already


def test_a_name_that_opens_a_quoted_passage_of_prose_is_the_place(matcher):
    text = "「択捉場所請負ノ命ヲ蒙レリ、然ルニ偶々不漁連続シ」"
    assert [m.surface for m in matcher.find(text)[0]] == ["択捉"]
    # a short title in the same brackets is still a title
    assert not matcher.find("『択捉島漁業誌』より")[0]


def test_iturup_s_european_name_counts_where_the_article_names_iturup(matcher):
    assert [m.surface for m in matcher.find("Итуруп (Штагенландию) открыли голландцы")[0]] == [
        "Итуруп",
        "Штагенландию",
    ]
    assert [m.surface for m in matcher.find("択捉島はスターテン=ラントと呼ばれた")[0]] == [
        "択捉島",
        "スターテン=ラント",
    ]
    assert not matcher.find("The ferry to Staten Land leaves from Ushuaia.")[0]


def test_a_katakana_name_inside_a_longer_katakana_word_is_that_word(matcher):
    # Shiashkotan in the middle Kurils, and plants named after Shikotan
    assert not matcher.find("シヤシコタン島ヨリ北ニ")[0]
    assert not matcher.find("シコタンマツとシコタンザサ")[0]
    # a particle in katakana, as texts before 1946 write them, ends the name
    assert [m.surface for m in matcher.find("シコタンニ於テ")[0]] == ["シコタン"]


def test_names_inside_a_japanese_title_are_part_of_the_title(matcher):
    text = "『北方3島訪問記≪国後島~択捉島~色丹島への上陸≫』という講演を聞きました。"
    assert not matcher.find(text)[0]
    quoted = "『北方領土のうち、日本に一番近い島は、歯舞群島の貝殻島で』"
    assert [m.surface for m in matcher.find(quoted)[0]] == ["歯舞群島", "貝殻島"]


def test_a_mountain_named_after_an_island_is_not_the_island(matcher):
    assert not matcher.find("a lava dome called Etorofu-Yake-yama.")[0]
    assert not matcher.find("(Etorofu Yake-Yama)")[0]
    assert not matcher.find("択捉焼山の噴火")[0]
    assert [m.surface for m in matcher.find("択捉島焼山")[0]] == ["択捉島"]


def test_the_lesser_chain_names_the_habomai_group_for_its_islets(matcher):
    text = "на острове Кунашир и островах Малой Курильской гряды Дёмина и Осколки"
    assert [m.surface for m in matcher.find(text)[0]] == ["Кунашир", "Дёмина", "Осколки"]
    # a name of all the Kurils does not: Осколки are shards
    assert not matcher.find("Осколки и Курильские острова")[0]


def test_misspelt_cyrillic_island_names_count_in_lower_case(matcher):
    assert [(m.surface, m.island) for m in matcher.find("передача хибомаи и шикатан")[0]] == [
        ("хибомаи", "habomai"),
        ("шикатан", "shikotan"),
    ]
    # a slip of the vowels unstressed speech confuses, not any vowel for any other
    assert not matcher.find("хубомаи")[0]


def test_a_latin_or_cyrillic_name_may_follow_japanese_directly(matcher):
    text = "紗那村のロシア語地名、クリリスクКурильск、英語表記Kunashir"
    assert [m.surface for m in matcher.find(text)[0]] == [
        "紗那村",
        "クリリスク",
        "Курильск",
        "Kunashir",
    ]
    assert not matcher.find("ОстровКунашир")[0]  # inside a word of its own script


def test_hot_springs_lighthouses_and_etymons_are_not_the_places(matcher):
    # a hot spring named after a hamlet is the hot spring (瀬石温泉, as a hamlet's name,
    # is listed whole in the gazetteer)
    assert [m.surface for m in matcher.find("古丹消温泉と国後島")[0]] == ["国後島"]
    assert not matcher.find("На острове имеется автоматический маяк Сигнальный.")[0]
    assert not matcher.find("名前由来アイヌ クンネ・シㇼ/kunne-sir, 黒い")[0]


def test_an_encyclopaedia_s_definition_is_evidence_for_a_common_word(matcher):
    text = "Го́рное — село Курильского городского округа, на Итурупе."
    assert [m.surface for m in matcher.find(text)[0]] == ["Го́рное", "Итурупе"]
    assert not matcher.find("Горное — это слово.")[0]


def test_the_russian_northern_territories_count_only_beside_the_islands(matcher):
    _, groups = matcher.find("«Верните северные территории», а Курилы рядом")
    assert [c.surface for c in groups] == ["северные территории", "Курилы"]
    _, groups = matcher.find("министр по делам северных территорий посетил Кунашир")
    assert [c.surface for c in groups] == ["северных территорий"]
    # Russia's own North
    assert matcher.find("развитие северных территорий России") == ((), ())


def test_habomai_declined_as_a_plural(matcher):
    assert [m.surface for m in matcher.find("рыбаки на Хабомаях")[0]] == ["Хабомаях"]


def test_fresh9_s_classes(matcher):
    def found(text):
        mentions, groups = matcher.find(text)
        return [m.surface for m in mentions], [c.surface for c in groups]

    # a katakana word for a group of islands after a name leaves it the name
    assert found("小さなクリルチェーンは、シコタン諸島とハボマイグループによって形成") == (
        ["シコタン", "ハボマイ"],
        ["小さなクリルチェーン"],
    )
    # a reading in katakana inside a name; after the whole name it is a name of its own
    assert found("択捉(エトロフ)島")[0] == ["択捉(エトロフ)島"]
    assert found("国後島(クナシル)")[0] == ["国後島", "クナシル"]
    assert found("ヱトロフ嶋とウルツプ嶋")[0] == ["ヱトロフ嶋"]
    assert found("Khabamai and Shikotan")[0] == ["Khabamai", "Shikotan"]
    assert found("the return of the Chishimas")[1] == ["Chishimas"]
    assert found("タンネモイの番屋、択捉島")[0] == ["タンネモイ", "択捉島"]


def test_a_misspelt_russian_settlement_counts_where_its_island_is_named(matcher):
    found = matcher.find("Головино — посёлок на Кунашире")[0]
    assert [(m.surface, m.island) for m in found] == [
        ("Головино", "kunashir"),
        ("Кунашире", "kunashir"),
    ]
    assert not matcher.find("деревня Головино под Москвой")[0]  # a village of that name


def test_an_adjective_islet_name_agrees_with_the_island_word(matcher):
    text = "между островами Сигнальным (1,5 км от Рифового) и Сторожевым, в Малой Курильской гряде"
    assert [m.surface for m in matcher.find(text)[0]] == [
        "островами Сигнальным",
        "Рифового",
        "Сторожевым",
    ]
