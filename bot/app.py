"""The factory: every entry point (polling, shell, tests) builds the bot through here."""

from __future__ import annotations

import logging

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.area import AreaProfile, load_area_profile
from bot.delivery.broadcast_queue import BroadcastQueue
from bot.delivery.outbox import Outbox
from bot.fsm_memory import ForgettingEventIsolation, ForgettingMemoryStorage
from bot.i18n import LOCALES_DIR, Catalogues
from bot.local_api import LocalBotAPISession
from bot.middlewares.albums import AnsweredAlbums, OneAnswerPerAlbum
from bot.middlewares.bans import BanMiddleware
from bot.middlewares.db import DatabaseSessionMiddleware
from bot.middlewares.inflight import InFlightUpdates
from bot.middlewares.language import LanguageMiddleware
from bot.middlewares.resident import ResidentMiddleware
from bot.middlewares.shared_throttle import SharedThrottleCounters
from bot.middlewares.throttling import ThrottlingMiddleware
from bot.services.poll_answers import PollShapes
from bot.settings import Settings
from bot.translation import build_engine
from bot.views.poll_cards import PollKeyboards
from db.session import UnitOfWorkSession
from handlers import build_routers
from handlers.photos import AlbumCollector
from handlers.wizard_steps import answer_album

__all__ = ["LOCAL_TOKEN", "build_bot", "build_dispatcher"]

logger = logging.getLogger(__name__)

# The simulator and tests need a token of the right shape; it never reaches Telegram.
LOCAL_TOKEN = "100000:local-simulator"


def build_bot(settings: Settings, session: BaseSession | None = None) -> Bot:
    """A Bot talking to Telegram, to ``TELEGRAM_API_BASE``, or to the given session."""
    if session is None:
        if settings.bot_token is None:
            session = LocalBotAPISession()
        elif settings.telegram_api_base:
            session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_base))
        else:
            session = AiohttpSession()
    token = settings.bot_token.get_secret_value() if settings.bot_token else LOCAL_TOKEN
    return Bot(token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))


def build_dispatcher(
    settings: Settings,
    session_factory: async_sessionmaker[UnitOfWorkSession],
    *,
    area: AreaProfile | None = None,
    storage: BaseStorage | None = None,
    events_isolation: BaseEventIsolation | None = None,
    throttle_counters: SharedThrottleCounters | None = None,
    answered_albums: AnsweredAlbums | None = None,
) -> Dispatcher:
    i18n = Catalogues(LOCALES_DIR, default_locale=settings.default_locale)
    inflight = InFlightUpdates()
    dispatcher = Dispatcher(
        # In memory only while used: nothing per resident grows without bound (bot.fsm_memory).
        storage=storage or ForgettingMemoryStorage(),
        # One update at a time per resident: a double tap on "Send" cannot save twice.
        events_isolation=events_isolation or ForgettingEventIsolation(),
        settings=settings,
        session_factory=session_factory,
        area=area or load_area_profile(settings.area_profile),
        i18n=i18n,
        inflight=inflight,
        notifier=Outbox(),
        broadcasts=BroadcastQueue(),
        poll_shapes=PollShapes(),
        poll_keyboards=PollKeyboards(),
        # With TRANSLATE_URL: the organisers' "translate the missing languages", and (the
        # same client) the background translator; None without it.
        translation_engine=build_engine(
            settings.translate_url,
            settings.translate_api_key.get_secret_value() if settings.translate_api_key else None,
            settings.translate_timeout,
        ),
    )
    dispatcher.update.outer_middleware(inflight)
    # A flood is dropped before it costs a database round trip.
    dispatcher.update.outer_middleware(
        ThrottlingMiddleware(
            settings.throttle_burst,
            settings.throttle_per_second,
            session_factory,
            shared=throttle_counters,
        )
    )
    dispatcher.update.outer_middleware(DatabaseSessionMiddleware(session_factory))
    dispatcher.update.outer_middleware(ResidentMiddleware())
    dispatcher.update.outer_middleware(BanMiddleware())
    dispatcher.update.outer_middleware(LanguageMiddleware(i18n))
    dispatcher.message.middleware(OneAnswerPerAlbum(answered_albums))
    albums = AlbumCollector(dispatcher.fsm.storage, dispatcher.fsm.events_isolation, answer_album)
    dispatcher["albums"] = albums
    dispatcher.shutdown.register(albums.close)
    dispatcher.include_routers(*build_routers())
    return dispatcher
