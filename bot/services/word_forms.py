"""The words of an idea as the similar-ideas check compares them: one form per meaning.

A resident who writes "benches at the playground" and one who wrote "more seating around
the playgrounds" mean the same thing. Each word is reduced to its stem with the Snowball
stemmer of the text's language (PyStemmer; Swedish, English, Arabic, Persian, Finnish,
and Serbian for Bosnian, which shares its endings), then a few words residents use for
the same thing in this bot's topics are mapped to one term. Words that only carry the
wish itself ("need", "please", "behöver", "gärna") are left out, or they would make two
different wishes look alike. Somali, Sorani and Tigrinya have no stemmer: their words are
kept whole and the comparison's tolerance for different endings has to do.
"""

from __future__ import annotations

import re
import threading
from functools import cache

import Stemmer
from rapidfuzz import utils

__all__ = ["terms"]

_WORD = re.compile(r"\w+", re.UNICODE)
# Words of three letters or fewer are mostly function words in every one of our languages
# ("vid", "och", "the", "في", "iyo"); keeping them makes unrelated ideas look alike.
_SHORTEST_MEANINGFUL_WORD = 4
# Longer "words" are links or strings of letters, not words anyone would search for.
_LONGEST_TERM = 64

_SNOWBALL = {
    "sv": "swedish",
    "en": "english",
    "ar": "arabic",
    "fa": "persian",
    "fi": "finnish",
    "bs": "serbian",
}

# Words that say how much or how politely something is wished for, not what.
_FILLERS = {
    "sv": "behöver behövs vill gärna skulle kunna borde finns fler flera mera några många "
    "snälla tack också eller till från efter över under mellan inte väldigt mycket bättre "
    "önskar önskan förslag idé nära bredvid längs runt vara",
    "en": "need needs want would could should please more some many also there have with "
    "from around about into very much better wish idea suggest suggestion thank thanks like "
    "near next along beside something everyone anything really",
    "ar": "نريد نحتاج نرجو أكثر المزيد مزيد فضلكم فضلك يمكن يجب لدينا هناك حول بالقرب",
    "so": "waxaan waxaa fadlan badan dheeraad ah ayaa ayaan rabnaa baahan nahay inay inaan leh",
    "fa": "لطفا لطفاً بیشتر میخواهیم می‌خواهیم نیاز داریم باید اطراف برای کنار نزدیک",
    "bs": "treba trebamo trebaju molim molimo više još neke mnogo želimo bilo oko pored blizu",
    "fi": "tarvitaan tarvitsemme haluamme lisää enemmän kiitos kiitoksia voisi pitäisi "
    "olisi myös paljon ympäri lähelle lähellä",
    "ckb": "تکایە زیاتر پێویستمان دەمانەوێت",
    "ti": "በጃኹም ተወሳኺ ብዙሕ የድልየና",
}

# Words residents use for one thing in this bot's topics; the first is the term kept.
_SAME_THING = {
    "sv": [
        "bänk bänkar bänken sittplatser sittplats soffor parksoffor",
        "belysning lampor lampa ljus lyktstolpar gatlampor",
        "lekplats lekplatsen lekplatser lekpark",
        "soptunnor papperskorgar sopkorgar soptunna papperskorg",
        "klotter graffiti",
        "cykelställ cykelparkering",
    ],
    "en": [
        "bench benches seat seats seating",
        "light lights lighting lamp lamps streetlight streetlights",
        "playground playgrounds play",
        "bin bins rubbish litter trash",
        "graffiti tagging",
    ],
    "ar": ["مقاعد مقعد كراسي", "إضاءة أضواء مصابيح إنارة", "ملعب ملاعب"],
    "so": ["kuraas kuraasi fadhi", "iftiin nal nalal laydh"],
    "fa": ["نیمکت نیمکت‌ها صندلی", "روشنایی چراغ چراغ‌ها نور"],
    "bs": ["klupa klupe klupama sjedala", "rasvjeta svjetla lampe svjetlo"],
    "fi": ["penkki penkkejä penkit istuimia", "valaistus valot valoja lamppuja lamput"],
}


class _StemmersOfThisThread(threading.local):
    """One stemmer per thread and language: a Snowball stemmer is not thread-safe, and
    the comparison runs in worker threads."""

    def __init__(self) -> None:
        self.by_language: dict[str, Stemmer.Stemmer] = {}


_this_thread = _StemmersOfThisThread()


def _stemmer(language: str | None) -> Stemmer.Stemmer | None:
    algorithm = _SNOWBALL.get(language)
    if algorithm is None:
        return None
    stemmers = _this_thread.by_language
    if language not in stemmers:
        stemmers[language] = Stemmer.Stemmer(algorithm)
    return stemmers[language]


def _words(text: str) -> list[str]:
    return [
        word[:_LONGEST_TERM]
        for word in _WORD.findall(utils.default_process(text))
        if len(word) >= _SHORTEST_MEANINGFUL_WORD
    ]


def _stems(words: list[str], language: str | None) -> list[str]:
    stemmer = _stemmer(language)
    return stemmer.stemWords(words) if stemmer is not None else words


@cache
def _fillers(language: str | None) -> frozenset[str]:
    return frozenset(_stems(_words(_FILLERS.get(language, "")), language))


@cache
def _synonyms(language: str | None) -> dict[str, str]:
    table: dict[str, str] = {}
    for group in _SAME_THING.get(language, []):
        stems = _stems(_words(group), language)
        for stem in stems:
            table.setdefault(stem, stems[0])
    return table


def terms(text: str, language: str | None) -> list[str]:
    """The meaningful terms of ``text`` written in ``language``, in order, repeats kept."""
    fillers = _fillers(language)
    synonyms = _synonyms(language)
    return [
        synonyms.get(stem, stem)
        for stem in _stems(_words(text), language)
        if stem not in fillers and len(stem) >= 2
    ]
