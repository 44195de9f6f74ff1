"""With Redis an album whose photos reach two instances is still answered once."""

from __future__ import annotations

from redis.asyncio import Redis

from bot.app import build_dispatcher
from bot.i18n import gettext
from bot.middlewares.albums import AlbumsAnsweredInRedis
from bot.redis_state import conversation_storage
from tests.support.i18n import in_language
from tests.support.telegram import Person

NOT_UNDERSTOOD = "Sorry, I did not understand that. Choose from the menu below or type /help."


async def test_an_album_at_the_menu_spread_over_two_instances_is_answered_once(
    settings, session_factory, bot, redis, redis_url, redis_prefix
) -> None:
    instances = []
    for _ in range(2):
        storage, isolation = conversation_storage(
            settings, Redis.from_url(redis_url), prefix=redis_prefix
        )
        albums = AlbumsAnsweredInRedis(redis, key=f"{redis_prefix}:albums")
        instances.append(
            build_dispatcher(
                settings,
                session_factory,
                storage=storage,
                events_isolation=isolation,
                answered_albums=albums,
            )
        )
    somali = [Person(dispatcher, bot, 932_001, "so") for dispatcher in instances]
    await somali[0].send("/start")
    i18n = instances[0]["i18n"]
    not_understood = in_language(i18n, "so", lambda: gettext(NOT_UNDERSTOOD))

    async def album(album_id: str, photos: int) -> list[list[str]]:
        # A webhook behind a load balancer: the photos go to either instance in turn.
        said = []
        for number in range(photos):
            reply = await somali[number % 2].send_photo(
                file_id=f"{album_id}-{number}", media_group_id=album_id
            )
            said.append(reply.texts)
        return said

    assert await album("album-1", 4) == [[not_understood], [], [], []]
    # The next album is answered again, whichever instance its first photo reaches.
    assert await album("album-2", 3) == [[not_understood], [], []]
    for dispatcher in instances:
        await dispatcher.storage.close()
