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
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, utils

__all__ = ["SimilarityCandidate", "find_similar"]

_WORD = re.compile(r"\w+", re.UNICODE)
# Words of three letters or fewer are mostly function words in every one of our languages
# ("vid", "och", "the", "في", "iyo"); keeping them makes unrelated ideas look alike.
_SHORTEST_MEANINGFUL_WORD = 4
MATCH_THRESHOLD = 85
LIMIT = 3


@dataclass(frozen=True, slots=True)
class SimilarityCandidate:
    idea_id: int
    text: str


def _meaningful(text: str) -> str:
    words = _WORD.findall(utils.default_process(text))
    kept = [word for word in words if len(word) >= _SHORTEST_MEANINGFUL_WORD]
    return " ".join(kept or words)


def _weights(query: list[str], documents: list[list[str]]) -> list[float]:
    """Rare words decide likeness; words most ideas contain hardly count."""
    total = len(documents)
    frequency = Counter(word for words in documents for word in set(words))
    return [math.log((total + 1) / (frequency[word] + 0.5)) for word in query]


def _score(query: list[str], weights: list[float], candidate: list[str]) -> float:
    """How well the query's words are found in the candidate, 0-100, typos forgiven."""
    if not query or not candidate or not sum(weights):
        return 0.0
    best = [max(fuzz.ratio(word, other) for other in candidate) for word in query]
    return sum(weight * score for weight, score in zip(weights, best, strict=True)) / sum(weights)


def find_similar(text: str, candidates: Iterable[SimilarityCandidate]) -> list[int]:
    """Ids of up to three candidates most like ``text``, best first. CPU-bound."""
    query = _meaningful(text).split()
    documents = [
        (candidate.idea_id, _meaningful(candidate.text).split()) for candidate in candidates
    ]
    weights = _weights(query, [words for _idea_id, words in documents])
    scored = [
        (score, idea_id)
        for idea_id, words in documents
        if (score := _score(query, weights, words)) >= MATCH_THRESHOLD
    ]
    scored.sort(key=lambda pair: (-pair[0], -pair[1]))
    return [idea_id for _score_value, idea_id in scored[:LIMIT]]
