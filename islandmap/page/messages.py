"""The page's strings written in Python: its default title, subtitle and disclaimer, the
layers' names, the status of each island and its areas.

Each is ``msg(key, English)``; Babel extracts them into the catalogs with the comment
that starts ``Translators:`` just before (:mod:`islandmap.i18n`). The terms of the
dispute are chosen here once for every language, with the usage each follows, so that
every language says the same thing: both positions as facts side by side, and each
side's name for the group said to be that side's.
"""

from __future__ import annotations

from typing import NamedTuple


class Message(NamedTuple):
    key: str
    english: str


def msg(key: str, english: str) -> Message:
    """A string of the page, for :class:`islandmap.i18n.Translator`."""
    return Message(key, english)


# Translators: The page's title when --title is not given: the Russian usage's name for
# the islands, then Japan's, in every language (neither stands alone). ja: 南クリル諸島
# as ja.wikipedia's article サハリン州 writes "南クリル(南千島、「北方領土」)"
# (https://ja.wikipedia.org/wiki/サハリン州), and 北方領土, the term of Japan's
# government (https://www.mofa.go.jp/mofaj/area/hoppo/). ru: Южные Курилы (Russian usage,
# as in ru.wikipedia's "Проблема принадлежности южных Курильских островов") and
# Северные территории, how Russian writers give Japan's term ("как говорят в Японии,
# «северных территорий»", https://ria24.today/news/kurily-kak-posledniy-rubezh-oborony-1/1971743).
TITLE = msg("page.title", "The southern Kuril Islands / Northern Territories")
# Translators: Under the title. Each island's two names as the English label gives them;
# in ja and ru, the names in their own scripts (Итуруп/択捉島 …), Russian first as in
# the English.
SUBTITLE = msg(
    "page.subtitle",
    "Iturup/Etorofu, Kunashir/Kunashiri, Shikotan and Habomai: "
    "quotes from the news that name them, with their sources",
)
# Translators: The disclaimer, in the key and at the head of the text version. Both
# positions as facts, then the UN's map disclaimer pattern
# (https://www.un.org/depts/Cartographic/ST-AI-189-Add_25-Rev_1.htm). Use the words of
# status.administered and status.claimed: ja 実効支配 / 領有を主張, ru под управлением
# России / Япония претендует.
DISCLAIMER = msg(
    "page.disclaimer",
    "Russia administers the four islands; Japan claims them. Names and lines on this map "
    "do not imply endorsement of either position.",
)

# Translators: The layer control's names for the map's layers.
LAYER_REGION = msg("layer.region", "The region and its names")
LAYER_LAND = msg("layer.land", "Land around the islands")
LAYER_BOUNDARY = msg(
    "layer.boundary", "Lines: 1855 treaty, administration since 1945 (approximate)"
)
LAYER_ISLANDS = msg("layer.islands", "Islands")
# Translators: The marker (and layer) for passages that name the four islands only
# together, by a group name (Northern Territories, South Kurils, Kuril Islands). Say
# "the islands as a group", not one side's group name.
GROUP_LABEL = msg("group.label", "The islands as a group")
# Translators: The key's entry for the land drawn around the islands.
OTHER_LAND = msg("key.other-land", "Other land")
# Translators: The credit for the coastlines (the page's attribution, bottom right).
COASTLINES = msg("credit.coastlines", "Coastlines:")

# Translators: An island's status, first part. "Administered" is a fact, not a judgement
# (Wikipedia's infobox "Administered by Russia / Claimed by Japan",
# https://en.wikipedia.org/wiki/Kuril_Islands_dispute). ja: 実効支配, the word of
# ja.wikipedia (サハリン州: "現在でもロシア連邦が実効支配している") and of Japanese news;
# not 不法占拠 (Japan's government's term) nor a bare 領有 (Russia's position). ru: "под
# управлением России", as news.mail.ru writes "Регион административно является частью РФ"
# (https://news.mail.ru/politics/68646521/); not "российская территория" (Russia's
# position) nor "оккупированы" (Japan's).
ADMINISTERED = msg("status.administered", "Administered by Russia")
# Translators: An island's status, second part, after status.administered. ja: 領有を主張
# (claims sovereignty), as ja.wikipedia's 南クリル管区 puts it, "日本は、これらの島が
# 北海道根室振興局に属するとしている" (https://ja.wikipedia.org/wiki/南クリル管区); not
# 返還要求 (Japan's framing). ru: "Япония претендует", the usual neutral wording
# (https://ru.wikipedia.org/wiki/Проблема_принадлежности_южных_Курильских_островов).
CLAIMED = msg("status.claimed", "claimed by Japan")
# Translators: A status part with the units of the country that administers or claims it
# ({units}: "Sakhalin Oblast, Kurilsky District").
WITH_UNITS = msg("status.with-units", "{text} ({units})")
# Translators: The two parts of the status, in one sentence.
STATUS_LINE = msg("status.line", "{administered}; {claimed}.")
# Translators: The short form of the status that stands for the facts in a popup; the
# same words as status.administered and status.claimed.
SUMMARY = msg("status.summary", "Russia administers, Japan claims")
# Translators: The link after a fact to the page it was taken from.
SOURCE_LINK = msg("facts.source", "[source]")
# Translators: Before an island's published areas.
AREA = msg("facts.area", "Area:")
# Translators: An area and who published it ({by}: "Ministry of Foreign Affairs of Japan,
# 2020 survey").
AREA_BY = msg("facts.area-by", "{area} ({by})")
# Translators: The island's area as the map's outline measures it.
AREA_DRAWN = msg("facts.area-drawn", "{area} as drawn on this map")
# Translators: An area in square kilometres ({n} is formatted for the language).
KM2 = msg("facts.km2", "{n} km²")

# Translators: islandmap embed: the frame's accessible title ({title}: the map's title).
EMBED_FRAME = msg("embed.frame-title", "Map: {title}")
# Translators: islandmap embed: the link under the frame that opens the map on its own.
EMBED_LINK = msg("embed.link", "Open the map in a new tab")
# Translators: islandmap embed: after the link, what the map on its own offers.
EMBED_AFTER_LINK = msg("embed.after-link", "(with a text version of every quote)")

#: Strings the page never shows as they are: Python writes them into the page's texts of
#: the data (an island's status line and areas, which the page's catalogs carry whole in
#: every language, under ``~N`` keys) or into ``islandmap embed``'s snippet. The page's
#: catalogs leave them out (islandmap.i18n.page_catalogs).
COMPOSED = (
    ADMINISTERED,
    CLAIMED,
    WITH_UNITS,
    STATUS_LINE,
    SUMMARY,
    AREA_BY,
    AREA_DRAWN,
    KM2,
    EMBED_FRAME,
    EMBED_LINK,
    EMBED_AFTER_LINK,
)
