"""'Has this already been suggested?': existing ideas that look like a new text.

Both texts are reduced to their terms (bot.services.word_forms: stems, one term for
words that mean the same thing, wishes like "please" left out). Each term of one text is
looked for among the terms of the other: the same term, or, for typos and the endings a
stemmer does not know, one rapidfuzz's edit-distance ratio finds close enough. Terms are
weighted by how rare they are among all ideas, so two ideas that share only everyday
words do not look alike. Likeness counts both ways: the new text's terms found in the
idea, and the idea's terms found in the new text, so an idea that says much more (or much
less) than the new one does not look the same.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.services.word_forms import terms

__all__ = ["STEM_LENGTH", "SimilarityCandidate", "find_similar", "index_words", "stem"]

# Two texts this alike, 0-100, are offered as the same idea (measured on the pairs in
# tests/ideas/similar_pairs.py).
MATCH_THRESHOLD = 65
# A term this close to another (edit-distance ratio) is the same term with a typo.
_TYPO_RATIO = 85
# Swedish and Finnish join words: "busshållplats" is a kind of "hållplats", the last
# part naming the thing. Such a pair counts this much of a full match.
_SHORTEST_COMPOUND_HEAD = 5
_COMPOUND_SHARE = 0.9
# Candidates are ideas that share a term beginning with the new text; four letters keep
# "bänk"/"bänkr" and "lekplats"/"lekplatsn" together.
STEM_LENGTH = 4
LIMIT = 3


@dataclass(frozen=True, slots=True)
class SimilarityCandidate:
    idea_id: int
    text: str
    language: str | None = None


def index_words(text: str, language: str | None = None) -> set[str]:
    """The terms of ``text`` that decide likeness, as stored for finding candidates."""
    return set(terms(text, language))


def stem(word: str) -> str:
    return word[:STEM_LENGTH]


def _weight(frequency: int, total: int) -> float:
    """Rare terms decide likeness; terms most ideas contain hardly count. A term no idea
    has counts as one found once: it cannot tell ideas apart, and it is often a word
    nobody else would use for the same wish."""
    return math.log((total + 1) / (max(frequency, 1) + 0.5))


def _found(words: set[str], weights: Mapping[str, float], other: set[str]) -> float:
    """The weighted share of ``words`` found in ``other``, 0-1, typos forgiven."""
    total = sum(weights[word] for word in words)
    if not total:
        return 0.0
    found = 0.0
    for word in words:
        if word in other:
            found += weights[word]
        elif match := process.extractOne(word, other, scorer=fuzz.ratio, score_cutoff=_TYPO_RATIO):
            found += weights[word] * match[1] / 100
        elif len(word) >= _SHORTEST_COMPOUND_HEAD and any(
            term.endswith(word) or (len(term) >= _SHORTEST_COMPOUND_HEAD and word.endswith(term))
            for term in other
        ):
            found += weights[word] * _COMPOUND_SHARE
    return found / total


def _score(query: set[str], candidate: set[str], weights: Mapping[str, float]) -> float:
    """0-100: how much of each text is found in the other, as the F2 measure: the new
    text found in the idea weighs four times as much as the idea found in the new text,
    which may well be shorter. An empty side is found nowhere: 0."""
    recall = _found(query, weights, candidate)
    precision = _found(candidate, weights, query)
    if not recall or not precision:
        return 0.0
    return 100 * 5 * recall * precision / (4 * precision + recall)


def find_similar(
    text: str,
    candidates: Iterable[SimilarityCandidate],
    *,
    language: str | None = None,
    document_frequency: Mapping[str, int] | None = None,
    documents: int | None = None,
) -> list[int]:
    """Ids of up to three candidates most like ``text``, best first. CPU-bound.

    How rare a term is counts over ``documents`` ideas, ``document_frequency`` of which
    contain it; without them, over the candidates themselves.
    """
    query = set(terms(text, language))
    documents_terms = [
        (candidate.idea_id, set(terms(candidate.text, candidate.language or language)))
        for candidate in candidates
    ]
    in_pool = Counter(word for _id, words in documents_terms for word in words)
    if document_frequency is None or documents is None:
        document_frequency, documents = in_pool, len(documents_terms)
    # The frequencies given are those of the new text's terms; a term only the candidates
    # have is counted in the candidates and scaled up to all ideas.
    scale = documents / max(len(documents_terms), 1)
    weights = {
        word: _weight(
            document_frequency.get(word, round(in_pool[word] * scale)),
            documents,
        )
        for word in query.union(*(words for _id, words in documents_terms))
    }
    scored = [
        (score, idea_id)
        for idea_id, words in documents_terms
        if (score := _score(query, words, weights)) >= MATCH_THRESHOLD
    ]
    scored.sort(key=lambda pair: (-pair[0], -pair[1]))
    return [idea_id for _score_value, idea_id in scored[:LIMIT]]
