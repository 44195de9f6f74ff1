"""Ideas as residents see them: one idea, a page of the list, their own and followed
ideas, and the ideas a new text should be compared with. Sharing and withdrawing are in
``idea_submission``.

An idea is shown to other residents only while it is neither hidden nor withdrawn. Every
function here takes the acting resident's id so that what a resident may see or do is
decided here, not by whichever button they pressed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from functools import cache

from sqlalchemy import Row, Select, bindparam, desc, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.attachments import idea_photos
from bot.services.similarity import SimilarityCandidate, index_words, stem
from db.driver import Executes
from db.models import (
    CLOSED_STATUSES,
    Attachment,
    Idea,
    IdeaFollower,
    IdeaStatus,
    IdeaVote,
    IdeaWord,
)

__all__ = [
    "PAGE_SIZE",
    "IdeaOrder",
    "IdeaPage",
    "IdeaView",
    "SimilarityPool",
    "list_ideas",
    "load_idea",
    "load_idea_with_photos",
    "my_ideas",
    "similar_candidates",
]

PAGE_SIZE = 5


class IdeaOrder(StrEnum):
    NEWEST = "n"
    MOST_SUPPORTED = "s"


@dataclass(frozen=True, slots=True)
class IdeaView:
    id: int
    category: str
    body: str | None
    language: str
    voice_file_id: str | None
    photo_count: int
    place_id: str | None
    latitude: float | None
    longitude: float | None
    status: IdeaStatus
    hidden: bool
    support_count: int
    supported_by_me: bool
    is_mine: bool
    created_at: datetime
    # Filled by ``load_idea_with_photos`` only: lists and taps need the count alone.
    photo_file_ids: tuple[str, ...] = ()

    @property
    def open_for_support(self) -> bool:
        return not self.hidden and self.status not in CLOSED_STATUSES

    @property
    def visible_to_residents(self) -> bool:
        return not self.hidden and self.status is not IdeaStatus.WITHDRAWN


@dataclass(frozen=True, slots=True)
class IdeaPage:
    ideas: list[IdeaView]
    page: int
    page_count: int


# The columns an IdeaView is made of, in its field order (is_mine comes from author_id).
_VIEW_COLUMNS = (
    Idea.id,
    Idea.category,
    Idea.body,
    Idea.language,
    Idea.voice_file_id,
    select(func.count())
    .where(Attachment.idea_id == Idea.id)
    .correlate(Idea)
    .scalar_subquery()
    .label("photo_count"),
    Idea.place_id,
    Idea.latitude,
    Idea.longitude,
    Idea.status,
    Idea.hidden,
    Idea.support_count,
    exists()
    .where(IdeaVote.idea_id == Idea.id, IdeaVote.resident_id == bindparam("resident_id"))
    .label("mine"),
    Idea.author_id,
    Idea.created_at,
)


def _views() -> Select:
    """Ideas as one resident sees them; binds ``resident_id``."""
    return select(*_VIEW_COLUMNS)


def _to_view(row: Row, resident_id: int) -> IdeaView:
    *fields, supported, author_id, created_at = row
    return IdeaView(
        *fields,
        supported_by_me=bool(supported),
        is_mine=author_id == resident_id,
        created_at=created_at,
    )


_ONE_IDEA = _views().where(Idea.id == bindparam("idea_id"))


async def load_idea(session: Executes, idea_id: int, resident_id: int) -> IdeaView | None:
    row = (
        await session.execute(_ONE_IDEA, {"idea_id": idea_id, "resident_id": resident_id})
    ).first()
    return _to_view(row, resident_id) if row else None


async def load_idea_with_photos(
    session: AsyncSession, idea_id: int, resident_id: int
) -> IdeaView | None:
    """One idea with its photos' file ids, for its card."""
    view = await load_idea(session, idea_id, resident_id)
    if view is None or not view.photo_count:
        return view
    return replace(view, photo_file_ids=await idea_photos(session, idea_id))


def _visible() -> list:
    return [Idea.hidden.is_(False), Idea.status != IdeaStatus.WITHDRAWN]


# Run only by the cached statement builders below, which mutmut's forks find built; the
# category filter is checked by tests/rules/test_idea_rules.py.
def _listed(by_category: bool) -> list:  # pragma: no mutate block, built once per process
    """The ideas a list shows; binds ``category`` when it shows one category."""
    conditions = _visible()
    if by_category:
        conditions.append(Idea.category == bindparam("category"))
    return conditions


@cache
def _count_query(by_category: bool) -> Select:
    return select(func.count()).select_from(Idea).where(*_listed(by_category))


@cache
def _page_query(order: IdeaOrder, by_category: bool) -> Select:
    """One page with the number of ideas on all pages, in one statement."""
    query = _views().add_columns(func.count().over().label("total"))
    query = query.where(*_listed(by_category))
    if order is IdeaOrder.MOST_SUPPORTED:
        # The count already in the select list, not a second subquery per row.
        query = query.order_by(desc("support_count"), Idea.id.desc())
    else:
        query = query.order_by(Idea.id.desc())
    return query.offset(bindparam("offset")).limit(PAGE_SIZE)


async def list_ideas(
    session: Executes,
    resident_id: int,
    *,
    order: IdeaOrder,
    category: str | None,
    page: int,
) -> IdeaPage:
    query = _page_query(order, bool(category))
    page = max(page, 0)
    params = {"resident_id": resident_id, "category": category, "offset": page * PAGE_SIZE}
    rows = (await session.execute(query, params)).all()
    if not rows and page:
        # The list shrank under an old button: show the last page there is.
        total = await session.scalar(_count_query(bool(category)), params)
        page = max(0, -(-total // PAGE_SIZE) - 1)
        params["offset"] = page * PAGE_SIZE
        rows = (await session.execute(query, params)).all()
    # An empty list is still one (empty) page.
    page_count = -(-rows[0].total // PAGE_SIZE) if rows else 1
    return IdeaPage([_to_view(row[:-1], resident_id) for row in rows], page, page_count)


async def my_ideas(
    session: AsyncSession, resident_id: int
) -> tuple[list[IdeaView], list[IdeaView]]:
    """The resident's own ideas, and the others they follow, newest first."""
    own = await session.execute(
        _views().where(Idea.author_id == resident_id).order_by(Idea.id.desc()),
        {"resident_id": resident_id},
    )
    followed = await session.execute(
        _views()
        .join(IdeaFollower)
        .where(
            IdeaFollower.resident_id == resident_id,
            Idea.author_id.is_distinct_from(resident_id),
            Idea.hidden.is_(False),
        )
        .order_by(Idea.id.desc()),
        {"resident_id": resident_id},
    )
    return (
        [_to_view(row, resident_id) for row in own],
        [_to_view(row, resident_id) for row in followed],
    )


@dataclass(frozen=True, slots=True)
class SimilarityPool:
    """The ideas worth comparing with a new text, and how common its words are overall."""

    candidates: list[SimilarityCandidate]
    document_frequency: dict[str, int]
    documents: int


# Enough to hold every idea that shares the new text's rarer words; the full comparison
# runs on these only, so its cost does not grow with all the ideas ever written.
SIMILARITY_CANDIDATES = 40
RAREST_WORDS = 6


async def similar_candidates(
    session: AsyncSession, resident_id: int, text: str, language: str
) -> SimilarityPool:
    """Other residents' open ideas that share a term's first letters with ``text``
    (written in ``language``), most shared first."""
    eligible = [
        *_visible(),
        Idea.status.not_in(CLOSED_STATUSES),
        Idea.body.is_not(None),
        # NULL (an erased author) is someone else too.
        or_(Idea.author_id.is_(None), Idea.author_id != resident_id),
    ]
    words = index_words(text, language)
    documents = await session.scalar(select(func.count()).select_from(Idea).where(*eligible))
    frequency = dict(
        (
            await session.execute(
                select(IdeaWord.word, func.count())
                .join(Idea)
                .where(IdeaWord.word.in_(words), *eligible)
                .group_by(IdeaWord.word)
            )
        ).all()
    )
    # The rarest words say most about an idea and match the fewest rows.
    rarest = sorted(words, key=lambda word: (frequency.get(word, 0), word))[:RAREST_WORDS]
    sharing = (
        select(IdeaWord.idea_id)
        .join(Idea)
        .where(IdeaWord.stem.in_({stem(word) for word in rarest}), *eligible)
        .group_by(IdeaWord.idea_id)
        .order_by(func.count().desc(), IdeaWord.idea_id.desc())
        .limit(SIMILARITY_CANDIDATES)
    )
    rows = await session.execute(
        select(Idea.id, Idea.body, Idea.language).where(Idea.id.in_(sharing))
    )
    return SimilarityPool(
        [SimilarityCandidate(idea_id, body, language) for idea_id, body, language in rows],
        frequency,
        documents,
    )
