"""Webhook mode: Telegram POSTs each update to ``WEBHOOK_URL``; a reverse proxy hands it
to the aiohttp server on ``WEBHOOK_LISTEN``.

Each update is answered at once (200) and handled in the background, so Telegram's
timeout never fires however slow the database is. A request without the right
``X-Telegram-Bot-Api-Secret-Token`` is refused (401) and logged without its body.
``/healthz`` answers 200 while the database, Redis (if used) and the background jobs
answer, 503 otherwise and from the moment the instance begins to stop; webhook requests
arriving then get 503 as well, which Telegram retries, reaching another instance.
SIGTERM lets updates already accepted finish, as polling does.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from urllib.parse import urlsplit

from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot.instance import SHUTDOWN_GRACE_SECONDS, Instance, running_instance
from bot.settings import Settings

__all__ = ["SECRET_HEADER", "build_webhook_app", "run_webhook"]

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DEFAULT_PATH = "/telegram"


class TelegramWebhook(SimpleRequestHandler):
    """aiogram's handler, refusing during shutdown and logging refused requests."""

    def __init__(self, instance: Instance, secret: str) -> None:
        super().__init__(
            instance.dispatcher, instance.bot, handle_in_background=True, secret_token=secret
        )
        self.instance = instance

    async def handle(self, request: web.Request) -> web.Response:
        if self.instance.stopping:
            return web.Response(status=503, text="stopping")
        if not self.verify_secret(request.headers.get(SECRET_HEADER, ""), self.bot):
            # Neither the body nor the header's value: they may be anyone's.
            logger.warning("refused a webhook request without the secret from %s", request.remote)
            return web.Response(status=401, text="Unauthorized")
        return await super().handle(request)

    async def drain(self, timeout: float) -> None:
        """Wait for the updates already accepted: their tasks may not have reached the
        in-flight counter yet when shutdown looks at it."""
        if self._background_feed_update_tasks:
            await asyncio.wait(set(self._background_feed_update_tasks), timeout=timeout)


def webhook_path(settings: Settings) -> str:
    return urlsplit(settings.webhook_url or "").path or DEFAULT_PATH


def build_webhook_app(instance: Instance, settings: Settings) -> web.Application:
    secret = _secret(settings)
    app = web.Application()

    webhook = TelegramWebhook(instance, secret)

    async def begin_stopping(_: web.Application) -> None:
        instance.stopping = True
        await webhook.drain(SHUTDOWN_GRACE_SECONDS)

    async def healthz(_: web.Request) -> web.Response:
        if instance.stopping:
            return web.json_response({"status": "stopping"}, status=503)
        parts = await instance.health()
        healthy = all(parts.values())
        body = {"status": "ok" if healthy else "failing", **parts}
        return web.json_response(body, status=200 if healthy else 503)

    app.on_shutdown.append(begin_stopping)
    app.router.add_get("/healthz", healthz)
    # First the dispatcher's start and stop, then the handler closes the bot's session.
    setup_application(app, instance.dispatcher, bot=instance.bot)
    webhook.register(app, path=webhook_path(settings))
    return app


async def run_webhook(settings: Settings) -> None:
    async with running_instance(settings) as instance:
        runner = web.AppRunner(build_webhook_app(instance, settings), handle_signals=False)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        # Runs the dispatcher's start-up: migrations are done, jobs start.
        await runner.setup()
        try:
            host, port = settings.listen_host_port
            await web.TCPSite(runner, host, port).start()
            # Only once listening: Telegram starts sending at once. Every instance says the
            # same; updates waiting at Telegram are kept for whoever is up.
            await instance.bot.set_webhook(
                settings.webhook_url or "",
                secret_token=_secret(settings),
                allowed_updates=instance.dispatcher.resolve_used_update_types(),
                drop_pending_updates=False,
            )
            path = webhook_path(settings)
            logger.info("webhook: listening on %s for %s", settings.webhook_listen, path)
            await stop.wait()
        finally:
            logger.info("webhook: stopping")
            instance.stopping = True
            # Stops listening, runs the dispatcher's shutdown (updates in progress finish,
            # jobs stop), then closes the bot's session.
            await runner.cleanup()


def _secret(settings: Settings) -> str:
    if settings.webhook_secret is None:
        raise ValueError("WEBHOOK_SECRET is needed in webhook mode")
    return settings.webhook_secret.get_secret_value()
