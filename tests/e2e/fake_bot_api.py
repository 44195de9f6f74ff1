"""A local fake Telegram Bot API server for end-to-end tests.

The bot under test talks to ``FakeBotAPI.base_url`` exactly as it would to
api.telegram.org.  Every request is recorded and checked against the Bot API spec
(``bot_api_facts.json``); a violation is recorded in ``violations`` and answered
with 400 like Telegram would.  Tests drive the bot by pushing updates (which the
bot receives through getUpdates long polling) and wait for its requests::

    async with FakeBotAPI() as api:
        ...  # start the bot with TELEGRAM_API_BASE=api.base_url
        reply = await api.ask(user, "/start")      # push /start, wait for the reply
        await api.click(user, reply, "Help")       # press an inline button

All waiting is event driven: every request, pushed update and acknowledgement wakes
the waiters, nothing sleeps in a loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import inspect
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from aiohttp import web

from .bot_api_spec import BotApiSpec
from .fake_state import MESSAGE_METHODS, APIError, TelegramState
from .recorded_request import Request
from .telegram_objects import (
    DEFAULT_TOKEN,
    TgUser,
    UserLike,
    chat_for,
    command_entities,
    inline_buttons,
    keyboard_buttons,
    user_dict,
)
from .validator import UploadedFile, Validator

__all__ = [
    "MESSAGE_METHODS",
    "APIError",
    "FakeBotAPI",
    "MessageRef",
    "Request",
    "TgUser",
    "UploadedFile",
]

T = TypeVar("T")
# A message the tests point at: the Request that produced it, the Message dict, or
# a (chat_id, message_id) pair.
MessageRef = Any
# Updates Telegram sends only when listed in allowed_updates explicitly.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class FakeBotAPI:
    """Fake Bot API server: validates, records and answers the bot's requests."""

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        host: str = "127.0.0.1",
        max_long_poll: float = 10.0,
        spec: BotApiSpec | None = None,
    ) -> None:
        self.token = token
        self.host = host
        self.max_long_poll = max_long_poll
        self.validator = Validator(spec)
        self.state = TelegramState(token)
        self.requests: list[Request] = []
        self.violations: list[str] = []
        self.updates: list[dict[str, Any]] = []
        self.dropped_updates: list[dict[str, Any]] = []
        self.handlers: dict[str, Callable[[Request], Any]] = {}
        self._pending: list[dict[str, Any]] = []
        self._next_update_id = 100_001
        self._confirmed_update_id = 0
        self._allowed_updates: list[str] | None = None
        self._poll_generation = 0
        self._changed = asyncio.Event()
        self._closing = False
        self._abort_reason: str | None = None
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        # Webhook mode (tests/e2e/webhook_delivery.py): what the bot's setWebhook said,
        # and the status of every POST of an update to it.
        self.webhook: dict[str, Any] | None = None
        self.webhook_answers: list[int | None] = []

    # ------------------------------------------------------------- lifecycle

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self._port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Wake every long poll and waiter, then shut the server down."""
        self._closing = True
        self._notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotAPI:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        if self._port is None:
            raise RuntimeError("FakeBotAPI is not started")
        return f"http://{self.host}:{self._port}"

    @property
    def bot_user(self) -> dict[str, Any]:
        return dict(self.state.bot)

    @property
    def blocked_users(self) -> set[int]:
        """User ids whose chats answer 403 "bot was blocked by the user"."""
        return self.state.blocked_users

    def abort_waiters(self, reason: str) -> None:
        """Make current and future waits fail at once (e.g. the bot process died)."""
        self._abort_reason = reason
        self._notify()

    # -------------------------------------------------------------- handlers

    async def _handle_api(self, http_request: web.Request) -> web.Response:
        token = http_request.match_info["token"]
        method_name = http_request.match_info["method"]
        try:
            fields, files, problems = await self._read_params(http_request)
        except ValueError as exc:
            fields, files, problems = {}, {}, [f"{method_name}: unreadable request body: {exc}"]

        validation = self.validator.validate_request(method_name, fields, files)
        violations = problems + validation.violations
        if token != self.token:
            violations.insert(
                0, f"{method_name}: request uses bot token {token!r}, not {self.token!r}"
            )
        request = Request(
            index=len(self.requests),
            method=validation.method,
            params=validation.params,
            files=files,
            violations=violations,
        )
        self.requests.append(request)
        self.violations.extend(violations)

        if token != self.token:
            return self._finish(request, APIError(401, "Unauthorized"))
        if not validation.known_method:
            return self._finish(request, APIError(404, "Not Found"))
        if violations:
            return self._finish(request, APIError(400, f"Bad Request: {violations[0]}"))
        try:
            if request.method in self.handlers:
                result = self.handlers[request.method](request)
                if inspect.isawaitable(result):  # a handler that holds the answer back
                    result = await result
            elif request.method in ("setWebhook", "deleteWebhook"):
                result = self._set_webhook(request.params, request.method == "setWebhook")
            elif request.method == "getUpdates" and self.webhook is not None:
                raise APIError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first",
                )
            elif request.method == "getUpdates":
                self._notify()  # the request is visible before the long poll ends
                result = await self._long_poll(request, http_request)
            else:
                result = self.answer_normally(request)
        except APIError as error:
            return self._finish(request, error)
        return self._finish(request, result)

    def answer_normally(self, request: Request) -> Any:
        """What Telegram would answer: for handlers that only delay or watch a method."""
        spec = self.validator.spec.method(request.method)
        returns = spec.returns if spec else ()
        return self.state.call(request.method, request.params, request.files, returns)

    def _finish(self, request: Request, outcome: Any) -> web.Response:
        request.finished = True
        if isinstance(outcome, APIError):
            request.error_code, request.error = outcome.error_code, outcome.description
            body: dict[str, Any] = {
                "ok": False,
                "error_code": outcome.error_code,
                "description": outcome.description,
            }
            status = outcome.error_code
        else:
            request.result = copy.deepcopy(outcome)
            body, status = {"ok": True, "result": outcome}, 200
        self._notify()
        return web.json_response(body, status=status)

    async def _read_params(
        self, http_request: web.Request
    ) -> tuple[dict[str, Any], dict[str, UploadedFile], list[str]]:
        method = http_request.match_info["method"]
        fields: dict[str, Any] = dict(http_request.query)
        files: dict[str, UploadedFile] = {}
        problems: list[str] = []
        if not http_request.can_read_body:
            return fields, files, problems
        content_type = http_request.content_type
        if content_type == "application/json":
            body = await http_request.json()
            if not isinstance(body, dict):
                raise ValueError("a JSON body must be an object")
            fields.update(body)
            return fields, files, problems
        if content_type not in {"multipart/form-data", "application/x-www-form-urlencoded"}:
            raise ValueError(f"unsupported content type {content_type!r}")
        form = await http_request.post()
        seen: set[str] = set()
        for key, value in form.items():
            if key in seen:
                problems.append(f"{method}.{key}: parameter sent more than once")
            seen.add(key)
            if isinstance(value, web.FileField):
                with value.file:
                    data = value.file.read()
                files[key] = UploadedFile(key, value.filename, value.content_type, data)
            else:
                fields[key] = value
        return fields, files, problems

    async def _handle_file(self, http_request: web.Request) -> web.Response:
        path = http_request.match_info["path"]
        data = self.state.file_contents.get(path.removeprefix("files/"))
        if http_request.match_info["token"] != self.token or data is None:
            return web.json_response(
                {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
            )
        return web.Response(body=data, content_type="application/octet-stream")

    # ------------------------------------------------------------ long polling

    async def _long_poll(self, request: Request, http_request: web.Request) -> list[dict[str, Any]]:
        params = request.params
        if "allowed_updates" in params:
            self._allowed_updates = list(params["allowed_updates"])
        offset = params.get("offset")
        if isinstance(offset, int) and offset > 0:
            self._confirm(offset - 1)
        limit = params.get("limit", 100)
        timeout = min(max(params.get("timeout", 0), 0), self.max_long_poll)

        # Like Telegram, a newer getUpdates terminates an older one with 409.
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if self._closing:
                return []
            transport = http_request.transport
            if transport is None or transport.is_closing():
                # A stopped bot's last poll: end it quietly rather than with 409 later.
                request.abandoned = True
                return []
            if generation != self._poll_generation:
                raise APIError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only "
                    "one bot instance is running",
                )
            batch = self._deliverable(limit)
            remaining = deadline - loop.time()
            if batch or remaining <= 0:
                return batch
            await self._wait_changed(remaining)

    def _set_webhook(self, params: dict[str, Any], setting: bool) -> bool:
        self.webhook = dict(params) if setting else None
        if "allowed_updates" in params:
            self._allowed_updates = list(params["allowed_updates"])
        if params.get("drop_pending_updates"):
            self.dropped_updates.extend(self._pending)
            self._pending = []
        self._notify()
        return True

    def next_for_webhook(self) -> dict[str, Any] | None:
        """The oldest update the bot has not accepted yet, while a webhook is set."""
        if self.webhook is None:
            return None
        batch = self._deliverable(1)
        return batch[0] if batch else None

    def accepted(self, update_id: int) -> None:
        """The bot answered the POST of ``update_id`` with 2xx: Telegram forgets it."""
        self._confirm(update_id)

    async def wait_changed(self, timeout: float) -> None:
        await self._wait_changed(timeout)

    def _confirm(self, last_update_id: int) -> None:
        if last_update_id <= self._confirmed_update_id:
            return
        self._confirmed_update_id = last_update_id
        self._pending = [u for u in self._pending if u["update_id"] > last_update_id]
        self._notify()

    def _deliverable(self, limit: int) -> list[dict[str, Any]]:
        allowed = self._allowed_updates
        batch: list[dict[str, Any]] = []
        for update in list(self._pending):
            kind = next(key for key in update if key != "update_id")
            wanted = kind in allowed if allowed else kind not in _OPT_IN_UPDATES
            if not wanted:
                # Telegram never creates updates the bot did not ask for.
                self._pending.remove(update)
                self.dropped_updates.append(update)
                continue
            if len(batch) < limit:
                batch.append(update)
        return batch

    # ---------------------------------------------------------------- waiting

    def _notify(self) -> None:
        event, self._changed = self._changed, asyncio.Event()
        event.set()

    async def _wait_changed(self, timeout: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._changed.wait(), timeout)

    def mark(self) -> int:
        """Index of the next request; pass it as ``after=`` to wait for later ones."""
        return len(self.requests)

    async def wait_until(
        self,
        condition: Callable[[], T | None],
        *,
        timeout: float = 10.0,
        description: str = "a condition",
        after: int = 0,
        fail_on_violation: bool = True,
    ) -> T:
        """Wait until ``condition()`` returns something other than None/False.

        Fails early (AssertionError) when a request from index ``after`` on violates
        the spec, when the bot process died (see abort_waiters) or the server stops.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = condition()
            if value is not None and value is not False:
                return value
            if fail_on_violation and any(r.violations for r in self.requests[after:]):
                raise AssertionError(
                    self._report(
                        f"the bot violated the Bot API spec while waiting for {description}", after
                    )
                )
            if self._abort_reason is not None:
                raise AssertionError(
                    self._report(f"{self._abort_reason} while waiting for {description}", after)
                )
            if self._closing:
                raise AssertionError(
                    self._report(f"the server stopped while waiting for {description}", after)
                )
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(
                    self._report(f"timed out after {timeout}s waiting for {description}", after)
                )
            await self._wait_changed(remaining)

    async def wait_for_request(
        self,
        predicate: Callable[[Request], bool],
        *,
        after: int = 0,
        timeout: float = 10.0,
        description: str = "a matching request",
        fail_on_violation: bool = True,
    ) -> Request:
        """The first request with index >= ``after`` that matches ``predicate``."""
        position = after

        def find() -> Request | None:
            nonlocal position
            while position < len(self.requests):
                request = self.requests[position]
                position += 1
                if predicate(request):
                    return request
            return None

        return await self.wait_until(
            find,
            timeout=timeout,
            description=description,
            after=after,
            fail_on_violation=fail_on_violation,
        )

    async def wait_for_method(
        self,
        method: str,
        *,
        chat_id: int | None = None,
        after: int = 0,
        timeout: float = 10.0,
    ) -> Request:
        """The next call of ``method`` (optionally to ``chat_id``) from ``after`` on."""
        return await self.wait_for_request(
            lambda r: r.method == method and (chat_id is None or r.chat_id == chat_id),
            after=after,
            timeout=timeout,
            description=f"{method}" + (f" to chat {chat_id}" if chat_id is not None else ""),
        )

    async def wait_for_message(
        self,
        chat_id: int,
        *,
        after: int = 0,
        timeout: float = 10.0,
        methods: frozenset[str] = MESSAGE_METHODS,
    ) -> Request:
        """The bot's next send/copy/forward/edit request for ``chat_id``."""
        return await self.wait_for_request(
            lambda r: r.method in methods and r.chat_id == chat_id,
            after=after,
            timeout=timeout,
            description=f"a message to chat {chat_id}",
        )

    async def wait_for_messages(
        self,
        chat_id: int,
        count: int,
        *,
        after: int = 0,
        timeout: float = 10.0,
        methods: frozenset[str] = MESSAGE_METHODS,
    ) -> list[Request]:
        """The bot's next ``count`` send/copy/forward/edit requests for ``chat_id``."""

        def collected() -> list[Request] | None:
            found = [
                r for r in self.requests[after:] if r.method in methods and r.chat_id == chat_id
            ]
            return found[:count] if len(found) >= count else None

        return await self.wait_until(
            collected,
            timeout=timeout,
            description=f"{count} messages to chat {chat_id}",
            after=after,
        )

    async def wait_for_confirmation(
        self, update: Mapping[str, Any], *, timeout: float = 10.0
    ) -> None:
        """Wait until the bot acknowledged ``update`` (a later getUpdates offset).

        aiogram confirms an update when it fetches the next batch, so this means
        "received", not "handled": handlers may still be running.
        """
        update_id = update["update_id"]
        await self.wait_until(
            lambda: self._confirmed_update_id >= update_id or None,
            timeout=timeout,
            description=f"the bot to confirm update {update_id}",
            after=self.mark(),
        )

    # ---------------------------------------------------------------- queries

    def sent_to(self, chat_id: int) -> list[Request]:
        """All send/copy/forward/edit requests for ``chat_id`` so far."""
        return [r for r in self.requests if r.method in MESSAGE_METHODS and r.chat_id == chat_id]

    def requests_for(self, method: str) -> list[Request]:
        return [r for r in self.requests if r.method == method]

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """The current state of a stored message (after edits), or None if deleted."""
        return self.state.message(chat_id, message_id)

    @property
    def unanswered_callback_queries(self) -> list[str]:
        return [q.id for q in self.state.callback_queries.values() if not q.answered]

    def _report(self, headline: str, after: int) -> str:
        lines = [headline[:1].upper() + headline[1:] + "."]
        earlier = [r for r in self.requests[:after] if r.method != "getUpdates"]
        if earlier:
            lines.append(f"Requests before #{after}: {len(earlier)} (besides getUpdates)")
        recent = self.requests[after:]
        polls = sum(1 for r in recent if r.method == "getUpdates")
        lines.append(f"Requests since #{after} ({polls} getUpdates not shown):")
        lines.extend(f"  {r.summary()}" for r in recent if r.method != "getUpdates")
        if self.violations:
            lines.append("Violations:")
            lines.extend(f"  {violation}" for violation in self.violations)
        if self._pending:
            ids = [u["update_id"] for u in self._pending]
            lines.append(f"Updates not yet confirmed by the bot: {ids}")
        if self.dropped_updates:
            kinds = [next(k for k in u if k != "update_id") for u in self.dropped_updates]
            lines.append(
                f"Updates dropped because allowed_updates={self._allowed_updates} "
                f"excludes them: {kinds}"
            )
        if self.state.unimplemented:
            lines.append(f"Answered with a placeholder `true`: {self.state.unimplemented}")
        return "\n".join(lines)

    # ---------------------------------------------------------------- updates

    def push_update(self, update: Mapping[str, Any]) -> dict[str, Any]:
        """Queue an update (its update_id is assigned here) for the bot's getUpdates."""
        update = {key: value for key, value in update.items() if key != "update_id"}
        update = {"update_id": self._next_update_id, **update}
        errors = self.validator.validate_object("Update", update)
        if errors:
            raise ValueError("the update does not match the Bot API spec:\n" + "\n".join(errors))
        self._next_update_id += 1
        self.updates.append(update)
        self._pending.append(update)
        self._notify()
        return update

    def push_message(
        self,
        user: UserLike,
        text: str | None = None,
        *,
        caption: str | None = None,
        entities: list[dict[str, Any]] | None = None,
        photo: bool | bytes = False,
        sticker: bool | str = False,
        document: bool | bytes | Mapping[str, Any] = False,
        location: tuple[float, float] | None = None,
        voice: bool | int | bytes = False,
        contact: bool | Mapping[str, Any] = False,
        chat: int | Mapping[str, Any] | None = None,
        reply_to: MessageRef | None = None,
        media_group_id: str | None = None,
    ) -> dict[str, Any]:
        """Push a Message update from ``user`` (in their private chat unless ``chat``).

        ``media_group_id`` makes it one message of an album, as a phone's gallery sends
        several photos: one update each, with the same id (see ``push_album``).

        Text starting with '/' gets a bot_command entity.  Media flags may carry
        the file's bytes, which the bot can then download via getFile.
        """
        sender = user_dict(user)
        self.state.remember_user(sender)
        if chat is None:
            chat_id = sender["id"]
        elif isinstance(chat, Mapping):
            chat_id = chat["id"]
            self.state.chats[chat_id] = dict(chat)
        else:
            chat_id = chat
            self.state.chats.setdefault(chat_id, chat_for(chat_id, self.state.users))

        content: dict[str, Any] = {}
        if text is not None:
            content["text"] = text
            text_entities = entities if entities is not None else command_entities(text)
            if text_entities:
                content["entities"] = text_entities
        content.update(
            self.state.incoming_media(photo, sticker, document, location, voice, contact, sender)
        )
        if caption is not None:
            content["caption"] = caption
        if media_group_id is not None:
            content["media_group_id"] = media_group_id
        if not content:
            raise ValueError("push_message needs text or some media")
        if reply_to is not None:
            replied = self._resolve_message(reply_to)
            content["reply_to_message"] = {
                k: v for k, v in replied.items() if k != "reply_to_message"
            }

        message = self.state.new_message(chat_id, sender, content)
        return self.push_update({"message": message})

    def push_album(
        self, user: UserLike, photos: int, *, caption: str | None = None
    ) -> list[dict[str, Any]]:
        """``photos`` photo messages with one new ``media_group_id``, the caption (if any)
        on the first, as Telegram delivers an album: one update per photo."""
        group_id = f"album{next(self.state._ids)}"
        return [
            self.push_message(
                user, photo=True, caption=caption if index == 0 else None, media_group_id=group_id
            )
            for index in range(photos)
        ]

    def push_edit(self, update: Mapping[str, Any], text: str) -> dict[str, Any]:
        """The user edits the text of the message ``update`` carried: an ``edited_message``
        update with the same message id, the new text and an ``edit_date``."""
        message = copy.deepcopy(dict(update["message"]))
        message["text"] = text
        message.pop("entities", None)
        message["edit_date"] = message["date"] + 1
        stored = self.state.messages.get((message["chat"]["id"], message["message_id"]))
        if stored is not None:
            stored.update(text=text, edit_date=message["edit_date"])
        return self.push_update({"edited_message": message})

    def _resolve_message(self, target: MessageRef) -> dict[str, Any]:
        """The current stored Message a Request / Message dict / (chat, id) refers to."""
        if isinstance(target, Request):
            message = target.message
            if message is None:
                raise AssertionError(f"request {target.summary()} did not produce a message")
            chat_id, message_id = message["chat"]["id"], message["message_id"]
        elif isinstance(target, Mapping):
            chat_id, message_id = target["chat"]["id"], target["message_id"]
        else:
            chat_id, message_id = target
        current = self.state.message(chat_id, message_id)
        if current is None:
            raise AssertionError(
                f"message {message_id} in chat {chat_id} does not exist (deleted?)"
            )
        return current

    def push_callback(self, user: UserLike, message: MessageRef, data: str) -> dict[str, Any]:
        """Push a callback_query for a button with ``data`` on a message the bot sent."""
        sender = user_dict(user)
        self.state.remember_user(sender)
        current = self._resolve_message(message)
        available = self.state.pressable_data(current)
        if data not in available:
            raise AssertionError(
                f"message {current['message_id']} has no button with callback_data {data!r}; "
                f"it has {available}"
            )
        query_id = self.state.new_callback_query(current, data, sender["id"])
        return self.push_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": sender,
                    "message": current,
                    "chat_instance": str(abs(current["chat"]["id"]) * 7 + 1),
                    "data": data,
                }
            }
        )

    def press(self, user: UserLike, target: MessageRef, button: str | int) -> dict[str, Any]:
        """Press a button (by exact text or flat index) on a message's keyboard.

        Inline buttons produce a callback_query; reply keyboard buttons (found on a
        sendX Request's reply_markup) send their text as a message.
        """
        if (
            isinstance(target, Request)
            and target.reply_markup
            and "keyboard" in target.reply_markup
        ):
            choices = list(keyboard_buttons(target.reply_markup))
            chosen = self._pick_button(choices, button, target.summary())
            if len(chosen) > 1:
                raise AssertionError(f"reply keyboard button {chosen} is not a plain text button")
            return self.push_message(user, chosen["text"])

        current = self._resolve_message(target)
        choices = list(inline_buttons(current.get("reply_markup")))
        chosen = self._pick_button(choices, button, f"message {current['message_id']}")
        if "callback_data" not in chosen:
            raise AssertionError(f"button {chosen} is not a callback button")
        return self.push_callback(user, current, chosen["callback_data"])

    @staticmethod
    def _pick_button(
        choices: list[dict[str, Any]], button: str | int, where: str
    ) -> dict[str, Any]:
        texts = [choice["text"] for choice in choices]
        if isinstance(button, int):
            if 0 <= button < len(choices):
                return choices[button]
        else:
            for choice in choices:
                if choice["text"] == button:
                    return choice
        raise AssertionError(f"no button {button!r} on {where}; buttons: {texts}")

    async def ask(
        self, user: UserLike, text: str | None = None, *, timeout: float = 10.0, **message: Any
    ) -> Request:
        """Push a message from ``user`` and return the bot's next message to their chat."""
        mark = self.mark()
        update = self.push_message(user, text, **message)
        chat_id = update["message"]["chat"]["id"]
        return await self.wait_for_message(chat_id, after=mark, timeout=timeout)

    async def ask_many(
        self,
        user: UserLike,
        text: str | None,
        count: int,
        *,
        timeout: float = 10.0,
        **message: Any,
    ) -> list[Request]:
        """Like ask, for a reply that spans ``count`` messages."""
        mark = self.mark()
        update = self.push_message(user, text, **message)
        chat_id = update["message"]["chat"]["id"]
        return await self.wait_for_messages(chat_id, count, after=mark, timeout=timeout)

    async def click(
        self, user: UserLike, target: MessageRef, button: str | int, *, timeout: float = 10.0
    ) -> Request:
        """Press a button and return the bot's next message/edit in that chat."""
        mark = self.mark()
        update = self.press(user, target, button)
        source = update.get("callback_query", {}).get("message") or update["message"]
        return await self.wait_for_message(source["chat"]["id"], after=mark, timeout=timeout)
