"""With REDIS_URL a half-written idea survives a restart and moves between instances."""

from __future__ import annotations

from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage
from redis.asyncio import Redis
from sqlalchemy import select

from bot.app import build_dispatcher
from bot.redis_state import conversation_storage
from bot.views.callbacks import WizardAction
from db.models import Idea
from tests.ideas.helpers import wizard_action, write_idea
from tests.support.telegram import Person

IDEA = "Belysning längs gångvägen mellan Fjällsippan och hållplatsen"


def _instance(settings, session_factory, redis_url: str, prefix: str):
    """One bot process's dispatcher, with a Redis connection of its own."""
    storage, isolation = conversation_storage(settings, Redis.from_url(redis_url), prefix=prefix)
    dispatcher = build_dispatcher(
        settings, session_factory, storage=storage, events_isolation=isolation
    )
    return dispatcher, storage


async def test_a_wizard_begun_before_a_restart_is_finished_after_it(
    settings, session_factory, bot, redis, redis_url, redis_prefix
) -> None:
    first, first_storage = _instance(settings, session_factory, redis_url, redis_prefix)
    assert isinstance(first.storage, RedisStorage)
    assert isinstance(first.fsm.events_isolation, RedisEventIsolation)
    author = Person(first, bot, 701, "sv")
    await author.send("/start")
    await write_idea(author, IDEA)
    await first_storage.close()  # the process stops; only Redis remembers

    second, second_storage = _instance(settings, session_factory, redis_url, redis_prefix)
    author = Person(second, bot, 701, "sv")
    preview = await wizard_action(author, WizardAction.NEXT)
    assert any(IDEA in text for text in preview.texts + preview.captions)
    sent = await wizard_action(author, WizardAction.SEND)
    assert "#1" in sent.text
    await second_storage.close()
    async with session_factory() as session:
        assert await session.scalar(select(Idea.body)) == IDEA


async def test_drafts_are_kept_per_bot_and_expire(
    settings, session_factory, bot, redis, redis_url, redis_prefix
) -> None:
    dispatcher, storage = _instance(settings, session_factory, redis_url, redis_prefix)
    await write_idea(Person(dispatcher, bot, 702, "sv"), IDEA)
    keys = [key.decode() async for key in redis.scan_iter(match=f"{redis_prefix}*")]
    assert keys
    # bot id, then chat and user: another bot on the same Redis has drafts of its own.
    assert all(key.startswith(f"{redis_prefix}:{bot.id}:702:702") for key in keys)
    other_bot = StorageKey(bot_id=bot.id + 1, chat_id=702, user_id=702)
    assert await storage.get_state(other_bot) is None
    # Abandoned drafts do not stay for ever.
    lives = [await redis.ttl(key) for key in keys]
    assert all(0 < seconds <= 24 * 3600 + 31 * 60 for seconds in lives)
    await storage.close()
