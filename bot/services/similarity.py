"""'Has this already been suggested?': existing ideas that look like a new text.

Each meaningful word of the new text is looked for among the words of an existing idea,
with rapidfuzz's edit-distance ratio, so extra words ("… på Rannebergsvägen"), typos and
word endings still match. Words are weighted by how rare they are among all ideas, so
two ideas that share only everyday words do not look alike. Very short words carry no
meaning of their own and are left out before comparing.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, utils

__all__ = ["STEM_LENGTH", "SimilarityCandidate", "find_similar", "index_words", "stem"]

_WORD = re.compile(r"\w+", re.UNICODE)
# Words of three letters or fewer are mostly function words in every one of our languages
# ("vid", "och", "the", "في", "iyo"); keeping them makes unrelated ideas look alike.
_SHORTEST_MEANINGFUL_WORD = 4
MATCH_THRESHOLD = 85
# Candidates are ideas that share a word beginning with the new text; four letters keep
# "bänkar"/"bänkr" and "lekplatsen"/"lekplatsn" together.
STEM_LENGTH = 4
# Longer "words" are links or strings of letters, not words anyone would search for.
_LONGEST_INDEXED_WORD = 64
LIMIT = 3


@dataclass(frozen=True, slots=True)
class SimilarityCandidate:
    idea_id: int
    text: str


def _meaningful(text: str) -> str:
    words = _WORD.findall(utils.default_process(text))
    kept = [word for word in words if len(word) >= _SHORTEST_MEANINGFUL_WORD]
    return " ".join(kept or words)


def index_words(text: str) -> set[str]:
    """The words of ``text`` that decide likeness, as stored for finding candidates."""
    return {word[:_LONGEST_INDEXED_WORD] for word in _meaningful(text).split()}


def stem(word: str) -> str:
    return word[:STEM_LENGTH]


def _weights(query: list[str], frequency: Mapping[str, int], total: int) -> list[float]:
    """Rare words decide likeness; words most ideas contain hardly count."""
    return [math.log((total + 1) / (frequency.get(word, 0) + 0.5)) for word in query]


def _score(query: list[str], weights: list[float], candidate: list[str]) -> float:
    """How well the query's words are found in the candidate, 0-100, typos forgiven."""
    if not query or not candidate or not sum(weights):
        return 0.0
    best = [max(fuzz.ratio(word, other) for other in candidate) for word in query]
    return sum(weight * score for weight, score in zip(weights, best, strict=True)) / sum(weights)


def find_similar(
    text: str,
    candidates: Iterable[SimilarityCandidate],
    *,
    document_frequency: Mapping[str, int] | None = None,
    documents: int | None = None,
) -> list[int]:
    """Ids of up to three candidates most like ``text``, best first. CPU-bound.

    How rare a word is counts over ``documents`` ideas, ``document_frequency`` of which
    contain it; without them, over the candidates themselves.
    """
    query = _meaningful(text).split()
    documents_words = [
        (candidate.idea_id, _meaningful(candidate.text).split()) for candidate in candidates
    ]
    if document_frequency is None or documents is None:
        document_frequency = Counter(
            word for _idea_id, words in documents_words for word in set(words)
        )
        documents = len(documents_words)
    weights = _weights(query, document_frequency, documents)
    scored = [
        (score, idea_id)
        for idea_id, words in documents_words
        if (score := _score(query, weights, words)) >= MATCH_THRESHOLD
    ]
    scored.sort(key=lambda pair: (-pair[0], -pair[1]))
    return [idea_id for _score_value, idea_id in scored[:LIMIT]]
