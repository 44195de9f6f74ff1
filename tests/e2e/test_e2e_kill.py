"""The real bot process, SIGKILLed while residents send ideas, then started again.

Sixteen residents take the idea wizard to its preview and press Send together. The fake
Bot API kills the bot with SIGKILL while it handles one of the bot's requests, so every
other Send is cut off wherever it happens to be: before, in or after its transaction, or
between the commit and the reply. A second bot then runs on the same database (the wizard
drafts lived in memory and are gone). Whatever a resident was told is saved must be
stored as they wrote it, nothing may be half-saved, and everyone who got no answer gets
their idea in, exactly once, by finding it in /my or by starting the wizard again.

A resident who does not look in /my but simply shares the idea again gets it stored twice
when the bot died between the commit and the reply: that test is an expected failure.
"""

from __future__ import annotations

import asyncio
import re
import signal
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import and_, select

from bot.services.similarity import SimilarityCandidate, find_similar
from bot.views.callbacks import IdeaCategoryCallback, IdeaWizardCallback, WizardAction
from db.models import Idea, IdeaFollower, IdeaStatusChange, Resident
from db.session import create_engine, create_session_factory
from tests.support.invariants import broken_invariants

from .bot_process import BotProcess, StartBot
from .fake_bot_api import FakeBotAPI, Request, TgUser
from .scenario import I18N, button_index, text_in

# Unrelated words only: no idea may look like another one and divert the wizard.
IDEAS = (
    "Plant cherry trees along the walking path",
    "Install brighter lamps inside the underground garage",
    "Build a covered bicycle shelter near the entrance",
    "Organise monthly swap markets for children's clothes",
    "Repair broken swings on the playground",
    "Paint murals across grey concrete walls",
    "Start community vegetable gardening plots",
    "Offer free Swedish conversation evenings weekly",
    "Add benches facing sunset by the pond",
    "Create a recycling station for batteries and electronics",
    "Arrange outdoor cinema nights during summer",
    "Fix slippery stairs beside laundry room",
    "Provide chess tables within the courtyard",
    "Open youth music studio downstairs",
    "Put speed bumps onto parking road",
    "Hold a yearly neighbourhood football tournament",
)
SAVED = (
    "Thank you! Your idea is saved as <b>#{number}</b>.\n\n"
    "Staff will read it, and I will tell you here when its status changes. "
    "Other residents can now support it in /ideas."
)
STALE_BUTTON = "This button no longer works. Type /start to see the menu."
CONFIRMING_METHODS = frozenset({"sendMessage", "editMessageText"})
NUMBER = re.compile(r"#(\d+)")
SEND = IdeaWizardCallback(action=WizardAction.SEND)
NEXT = IdeaWizardCallback(action=WizardAction.NEXT)
OWN_IDEA = IdeaWizardCallback(action=WizardAction.OWN_IDEA)


class DuplicateIdeaError(AssertionError):
    """A resident's one idea is stored more than once."""


@dataclass
class Neighbour:
    user: TgUser
    text: str
    preview: Request | None = None

    @property
    def chat_id(self) -> int:
        return self.user.id


@dataclass(frozen=True)
class StoredIdea:
    id: int
    author_telegram_id: int | None
    body: str | None


# ------------------------------------------------------------------ confirmations


def _confirmation_pattern() -> re.Pattern[str]:
    """'Thank you! Your idea is saved as #N' as an English-speaking resident reads it."""
    template = text_in("en", lambda: I18N.gettext(SAVED))
    head = re.sub(r"<[^>]+>", "", template.split("{number}")[0])
    return re.compile(re.escape(head) + r"(\d+)")


def _confirmed_number(request: Request, pattern: re.Pattern[str]) -> int | None:
    if request.method not in CONFIRMING_METHODS:
        return None
    found = pattern.search(request.plain_text or "")
    return int(found.group(1)) if found else None


def _confirmations(requests: list[Request], pattern: re.Pattern[str]) -> dict[int, list[int]]:
    """Chat id -> the idea numbers of every confirmation the fake API received for it."""
    found: dict[int, list[int]] = {}
    for request in requests:
        number = _confirmed_number(request, pattern)
        if number is not None:
            found.setdefault(request.chat_id, []).append(number)
    return found


# ------------------------------------------------------------------ the residents


def _neighbours() -> list[Neighbour]:
    for index, text in enumerate(IDEAS):
        others = [SimilarityCandidate(i, other) for i, other in enumerate(IDEAS) if i != index]
        assert find_similar(text, others) == [], f"test ideas look alike: {text!r}"
    return [
        Neighbour(TgUser(id=7101 + i, first_name=f"Neighbour {i}", language_code="en"), text)
        for i, text in enumerate(IDEAS)
    ]


def _has_button(request: Request, data: IdeaWizardCallback) -> bool:
    return any(button.get("callback_data") == data.pack() for button in request.buttons)


async def _to_preview(api: FakeBotAPI, neighbour: Neighbour) -> Request:
    """/idea, a category, the text, Continue: the preview with its Send button.

    If the bot offers similar ideas instead, the resident goes on with their own: they
    were never told their idea was saved.
    """
    user = neighbour.user
    categories = await api.ask(user, "/idea")
    mark = api.mark()
    api.press(user, categories, button_index(categories, IdeaCategoryCallback(category="outdoor")))
    await api.wait_for_message(user.id, after=mark)
    extras = await api.ask(user, neighbour.text)
    mark = api.mark()
    api.press(user, extras, button_index(extras, NEXT))
    reply = await api.wait_for_message(user.id, after=mark)
    if _has_button(reply, OWN_IDEA):
        mark = api.mark()
        api.press(user, reply, button_index(reply, OWN_IDEA))
        reply = await api.wait_for_message(user.id, after=mark)
    preview = await api.wait_for_message(user.id, after=reply.index + 1)
    assert neighbour.text in (preview.plain_text or ""), preview.summary()
    assert _has_button(preview, SEND), preview.summary()
    return preview


async def _send(api: FakeBotAPI, neighbour: Neighbour, pattern: re.Pattern[str]) -> int:
    """Press Send on a fresh preview; the number the bot confirms."""
    preview = await _to_preview(api, neighbour)
    mark = api.mark()
    api.press(neighbour.user, preview, button_index(preview, SEND))
    saved = await api.wait_for_request(
        lambda r: r.chat_id == neighbour.chat_id and _confirmed_number(r, pattern) is not None,
        after=mark,
        description=f"the confirmation of {neighbour.chat_id}'s idea",
    )
    number = _confirmed_number(saved, pattern)
    assert number is not None
    return number


async def _press_old_send(api: FakeBotAPI, neighbour: Neighbour) -> None:
    """Send on the preview from before the crash: the draft is gone, nothing is saved."""
    assert neighbour.preview is not None
    mark = api.mark()
    update = api.press(neighbour.user, neighbour.preview, button_index(neighbour.preview, SEND))
    query_id = update["callback_query"]["id"]
    answer = await api.wait_for_request(
        lambda r: (
            r.method == "answerCallbackQuery" and r.params.get("callback_query_id") == query_id
        ),
        after=mark,
        description=f"the answer to {neighbour.chat_id}'s second Send",
    )
    assert answer.params.get("text") == text_in("en", lambda: I18N.gettext(STALE_BUTTON))


async def _my_idea_numbers(api: FakeBotAPI, neighbour: Neighbour) -> set[int]:
    """The numbers /my lists; each resident here only has and follows their own ideas."""
    overview = await api.ask(neighbour.user, "/my")
    return {int(number) for number in NUMBER.findall(overview.plain_text or "")}


# ------------------------------------------------------------------ the crash


def _answer_normally(api: FakeBotAPI, request: Request) -> Any:
    """What the fake API answers when no handler is installed for the method."""
    spec = api.validator.spec.method(request.method)
    return api.state.call(
        request.method, request.params, request.files, spec.returns if spec else ()
    )


def _kill_when(
    api: FakeBotAPI, bot: BotProcess, methods: set[str], kill_point: Callable[[Request], bool]
) -> None:
    """SIGKILL the bot the moment a request matching ``kill_point`` reaches the API.

    The kill happens inside the API's request handler, before the bot has its answer,
    so the bot's other updates are cut off wherever they are at that very moment.
    """

    def handle(request: Request) -> Any:
        if not bot.stopped and kill_point(request):
            bot.stopped = True  # an expected death: waits must not be aborted by it
            bot.process.kill()
        return _answer_normally(api, request)

    for method in methods:
        api.handlers[method] = handle


async def _send_all_and_kill(
    api: FakeBotAPI,
    start_bot: StartBot,
    neighbours: list[Neighbour],
    pattern: re.Pattern[str],
    kill_at: str,
) -> set[str]:
    """Everyone presses Send at once and the bot is killed; the Send query ids."""
    bot = await start_bot()
    previews = await asyncio.gather(*(_to_preview(api, n) for n in neighbours))
    for neighbour, preview in zip(neighbours, previews, strict=True):
        neighbour.preview = preview

    chats = {n.chat_id for n in neighbours}
    send_queries: set[str] = set()
    if kill_at == "first_confirmation":
        methods = set(CONFIRMING_METHODS)

        def kill_point(request: Request) -> bool:
            return request.chat_id in chats and _confirmed_number(request, pattern) is not None

    else:
        # send_idea answers the query after its commit and before the confirmation.
        methods = {"answerCallbackQuery"}

        def kill_point(request: Request) -> bool:
            return request.params.get("callback_query_id") in send_queries

    _kill_when(api, bot, methods, kill_point)
    sent_at = api.mark()
    for neighbour, preview in zip(neighbours, previews, strict=True):
        update = api.press(neighbour.user, preview, button_index(preview, SEND))
        send_queries.add(update["callback_query"]["id"])
    await api.wait_until(
        lambda: bot.stopped or None, after=sent_at, description=f"the {kill_at} to kill at"
    )
    assert await bot.process.wait() == -signal.SIGKILL
    await bot.stop()  # closes its log files
    for method in methods:
        del api.handlers[method]
    return send_queries


# ------------------------------------------------------------------ the database


async def _database(url: str) -> tuple[list[StoredIdea], list[str]]:
    """Every stored idea, and whatever is half-saved or inconsistent."""
    engine = create_engine(url)
    try:
        async with create_session_factory(engine)() as session, session.begin():
            problems = await broken_invariants(session)
            rows = await session.execute(
                select(Idea.id, Resident.telegram_id, Idea.body)
                .outerjoin(Resident, Resident.id == Idea.author_id)
                .order_by(Idea.id)
            )
            ideas = [StoredIdea(*row) for row in rows]
            # submit_idea stores the idea, its author as a follower and its first status
            # in one transaction: an idea without either was saved only in part.
            unfollowed = await session.scalars(
                select(Idea.id)
                .outerjoin(
                    IdeaFollower,
                    and_(
                        IdeaFollower.idea_id == Idea.id,
                        IdeaFollower.resident_id == Idea.author_id,
                    ),
                )
                .where(IdeaFollower.idea_id.is_(None))
            )
            problems += [f"idea #{idea_id} is not followed by its author" for idea_id in unfollowed]
            historyless = await session.scalars(
                select(Idea.id)
                .outerjoin(IdeaStatusChange, IdeaStatusChange.idea_id == Idea.id)
                .where(IdeaStatusChange.idea_id.is_(None))
            )
            problems += [f"idea #{idea_id} has no status history" for idea_id in historyless]
    finally:
        await engine.dispose()
    return ideas, problems


def _check_told_ideas_stored(
    ideas: list[StoredIdea], neighbours: list[Neighbour], told: dict[int, int]
) -> None:
    """Every number a resident was told is their idea, in their exact words."""
    by_id = {idea.id: idea for idea in ideas}
    for neighbour in neighbours:
        if (number := told.get(neighbour.chat_id)) is not None:
            expected = StoredIdea(number, neighbour.chat_id, neighbour.text)
            assert by_id.get(number) == expected, f"told #{number}, stored {by_id.get(number)}"


def _check_no_duplicates(ideas: list[StoredIdea]) -> None:
    copies = Counter((idea.author_telegram_id, idea.body) for idea in ideas)
    if doubled := {key: count for key, count in copies.items() if count > 1}:
        raise DuplicateIdeaError(f"stored more than once (author, text): {doubled}; all: {ideas}")


def _check_each_idea_once(
    ideas: list[StoredIdea], neighbours: list[Neighbour], told: dict[int, int]
) -> None:
    """One idea per resident, under the number they were told."""
    _check_no_duplicates(ideas)
    stored = sorted((idea.id, idea.author_telegram_id, idea.body) for idea in ideas)
    assert stored == sorted((told[n.chat_id], n.chat_id, n.text) for n in neighbours)


# ------------------------------------------------------------------ the tests


@dataclass
class AfterRestart:
    neighbours: list[Neighbour]
    pattern: re.Pattern[str]
    told: dict[int, int]  # chat id -> the idea number the first bot confirmed
    stored: list[StoredIdea]
    unanswered_queries: set[str]  # Sends the first bot died with

    @property
    def unanswered(self) -> list[Neighbour]:
        return [n for n in self.neighbours if n.chat_id not in self.told]

    @property
    def saved_but_not_told(self) -> list[StoredIdea]:
        return [idea for idea in self.stored if idea.author_telegram_id not in self.told]


async def _crash_and_restart(
    api: FakeBotAPI, start_bot: StartBot, database_url: str, kill_at: str
) -> AfterRestart:
    """Kill the bot while everyone sends, start it again; nothing told lost or half-saved."""
    pattern = _confirmation_pattern()
    neighbours = _neighbours()
    send_queries = await _send_all_and_kill(api, start_bot, neighbours, pattern, kill_at)
    unanswered_queries = set(api.unanswered_callback_queries)
    assert unanswered_queries <= send_queries

    await start_bot()
    # The drafts died with the first bot: every confirmation so far came from it.
    confirmations = _confirmations(api.requests, pattern)
    assert all(len(numbers) == 1 for numbers in confirmations.values()), confirmations
    told = {chat: numbers[0] for chat, numbers in confirmations.items()}

    ideas, problems = await _database(database_url)
    _check_told_ideas_stored(ideas, neighbours, told)
    assert problems == []
    # Nothing stored that nobody sent, and no Send stored twice by the crash itself.
    sent = {(n.chat_id, n.text) for n in neighbours}
    assert all((idea.author_telegram_id, idea.body) in sent for idea in ideas), ideas
    _check_no_duplicates(ideas)
    return AfterRestart(neighbours, pattern, told, ideas, unanswered_queries)


@pytest.mark.parametrize("kill_at", ["first_confirmation", "first_answer"])
async def test_a_killed_bot_loses_no_confirmed_idea_and_saves_none_by_half(
    fake_api: FakeBotAPI, start_bot: StartBot, database_url: str, kill_at: str
) -> None:
    """Killed at the first 'saved as #N', or between a commit and its reply."""
    after = await _crash_and_restart(fake_api, start_bot, database_url, kill_at)
    if kill_at == "first_confirmation":
        assert after.told, "the bot died at a confirmation that the API received"
    else:
        assert after.saved_but_not_told, "the bot died after a commit, before its reply"

    # Whoever got no answer presses Send again, looks at /my, and if their idea is not
    # there shares it anew.
    async def try_again(neighbour: Neighbour) -> int:
        await _press_old_send(fake_api, neighbour)
        listed = await _my_idea_numbers(fake_api, neighbour)
        assert len(listed) <= 1, f"{neighbour.chat_id} has several ideas: {listed}"
        if listed:
            return listed.pop()
        return await _send(fake_api, neighbour, after.pattern)

    told = dict(after.told)
    numbers = await asyncio.gather(*(try_again(n) for n in after.unanswered))
    told.update({n.chat_id: number for n, number in zip(after.unanswered, numbers, strict=True)})

    ideas, problems = await _database(database_url)
    assert problems == []
    _check_told_ideas_stored(ideas, after.neighbours, told)
    _check_each_idea_once(ideas, after.neighbours, told)
    confirmations = _confirmations(fake_api.requests, after.pattern)
    assert all(len(numbers) == 1 for numbers in confirmations.values()), confirmations
    assert set(fake_api.unanswered_callback_queries) <= after.unanswered_queries


async def test_sharing_again_after_a_lost_confirmation_stores_the_idea_once(
    fake_api: FakeBotAPI, start_bot: StartBot, database_url: str
) -> None:
    """Killed between a commit and its reply; the resident simply shares the idea again and
    is told the number it already has."""
    after = await _crash_and_restart(fake_api, start_bot, database_url, "first_answer")
    assert after.saved_but_not_told, "the bot died after a commit, before its reply"

    async def share_again(neighbour: Neighbour) -> int:
        await _press_old_send(fake_api, neighbour)
        return await _send(fake_api, neighbour, after.pattern)

    told = dict(after.told)
    numbers = await asyncio.gather(*(share_again(n) for n in after.unanswered))
    told.update({n.chat_id: number for n, number in zip(after.unanswered, numbers, strict=True)})

    ideas, problems = await _database(database_url)
    assert problems == []
    _check_told_ideas_stored(ideas, after.neighbours, told)
    _check_each_idea_once(ideas, after.neighbours, told)
