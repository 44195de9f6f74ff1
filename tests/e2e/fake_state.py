"""What the fake Bot API remembers and how its methods answer.

``TelegramState.call`` implements the methods a bot typically uses, realistically
enough for aiogram to parse the results: messages get per-chat ids and are kept so
that edits, deletions, copies and callback queries can refer to them; edits answer
Telegram's own errors ("message to edit not found", "message is not modified").
Other valid methods answer a value of their documented return type.

Requests reaching this module have already passed validation.
"""

from __future__ import annotations

import copy
import itertools
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .entity_parsing import parse_entities
from .telegram_objects import (
    DEFAULT_TOKEN,
    bot_user,
    chat_for,
    file_ids,
    inline_buttons,
)
from .validator import UploadedFile

__all__ = ["MESSAGE_METHODS", "APIError", "CallbackQueryState", "TelegramState"]

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)

# Methods that put something into a chat (a new message, or a changed one).
MESSAGE_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendVoice",
        "sendAudio",
        "sendVideo",
        "sendAnimation",
        "sendVideoNote",
        "sendSticker",
        "sendLocation",
        "sendVenue",
        "sendContact",
        "sendDice",
        "sendPoll",
        "sendMediaGroup",
        "sendInvoice",
        "copyMessage",
        "copyMessages",
        "forwardMessage",
        "forwardMessages",
        "editMessageText",
        "editMessageCaption",
        "editMessageMedia",
        "editMessageReplyMarkup",
        "editMessageLiveLocation",
        "stopMessageLiveLocation",
    }
)

# Media methods: parameter name -> how the resulting Message describes the file.
_MEDIA = {
    "sendPhoto": "photo",
    "sendDocument": "document",
    "sendVoice": "voice",
    "sendAudio": "audio",
    "sendVideo": "video",
    "sendAnimation": "animation",
    "sendVideoNote": "video_note",
    "sendSticker": "sticker",
}
# Keys of a stored Message that are not its content (kept out of copies).
_ENVELOPE = {"message_id", "date", "chat", "from", "edit_date", "reply_markup", "reply_to_message"}


class APIError(Exception):
    """An error answer of the Bot API (``ok: false``)."""

    def __init__(self, error_code: int, description: str) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description


@dataclass
class CallbackQueryState:
    id: str
    chat_id: int | None
    message_id: int | None
    data: str
    user_id: int
    answered: bool = False


def _now() -> int:
    return int(time.time())


def _inline_markup(params: Mapping[str, Any]) -> dict[str, Any] | None:
    markup = params.get("reply_markup")
    # Telegram echoes inline keyboards only; reply keyboards are not part of a Message.
    if isinstance(markup, dict) and "inline_keyboard" in markup:
        return markup
    return None


def _formatted(
    params: Mapping[str, Any], source: str, parse_mode_key: str, entities_key: str
) -> tuple[str, list[dict[str, Any]]] | None:
    """(plain text, entities) for a text parameter, as Telegram stores it."""
    value = params.get(source)
    if value is None:
        return None
    if params.get(entities_key):
        return value, list(params[entities_key])
    mode = params.get(parse_mode_key)
    if mode:
        parsed = parse_entities(value, mode)
        return parsed.text, parsed.entities
    return value, []


class TelegramState:
    """Chats, messages, files and bot settings of one fake Bot API server."""

    def __init__(self, token: str = DEFAULT_TOKEN) -> None:
        self.bot = bot_user(token)
        self.users: dict[int, dict[str, Any]] = {}
        self.chats: dict[int, dict[str, Any]] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.callback_queries: dict[str, CallbackQueryState] = {}
        self.blocked_users: set[int] = set()
        self.chat_members: dict[tuple[int, int], dict[str, Any]] = {}
        self.file_contents: dict[str, bytes] = {}
        self.settings: dict[str, Any] = {}
        self.unimplemented: list[str] = []
        self._last_message_id: dict[int, int] = {}
        self._ids = itertools.count(1)
        self._methods: dict[str, Callable[[dict[str, Any], dict[str, UploadedFile]], Any]] = {
            "getMe": lambda p, f: self.bot,
            "logOut": lambda p, f: True,
            "close": lambda p, f: True,
            "getWebhookInfo": lambda p, f: {
                "url": "",
                "has_custom_certificate": False,
                "pending_update_count": 0,
            },
            "sendMessage": self._send_message,
            "sendLocation": self._send_location,
            "sendVenue": self._send_venue,
            "sendContact": self._send_contact,
            "sendDice": self._send_dice,
            "sendMediaGroup": self._send_media_group,
            "copyMessage": self._copy_message,
            "forwardMessage": self._forward_message,
            "editMessageText": self._edit_text,
            "editMessageCaption": self._edit_caption,
            "editMessageReplyMarkup": self._edit_reply_markup,
            "editMessageMedia": self._edit_media,
            "deleteMessage": self._delete_message,
            "deleteMessages": self._delete_messages,
            "answerCallbackQuery": self._answer_callback_query,
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
            "getChatMemberCount": lambda p, f: 2,
            "getFile": self._get_file,
            "getUserProfilePhotos": lambda p, f: {"total_count": 0, "photos": []},
            "exportChatInviteLink": lambda p, f: f"https://t.me/+fake{abs(p['chat_id'])}",
            "createChatInviteLink": self._create_invite_link,
            "setMyCommands": self._set_commands,
            "deleteMyCommands": self._delete_commands,
            "getMyCommands": self._get_commands,
            "setMyDescription": self._setter("description"),
            "getMyDescription": self._getter("description"),
            "setMyShortDescription": self._setter("short_description"),
            "getMyShortDescription": self._getter("short_description"),
            "setMyName": self._setter("name"),
            "getMyName": self._getter("name"),
            "setChatMenuButton": self._set_menu_button,
            "getChatMenuButton": self._get_menu_button,
        }
        for method in _MEDIA:
            self._methods[method] = self._media_sender(method)

    # ------------------------------------------------------------------ helpers

    def call(
        self,
        method: str,
        params: dict[str, Any],
        files: dict[str, UploadedFile],
        returns: tuple[str, ...],
    ) -> Any:
        """Answer one validated request; raise APIError for Telegram's error answers."""
        handler = self._methods.get(method)
        if handler is not None:
            return handler(params, files)
        if "chat_id" in params and isinstance(params["chat_id"], int):
            self._check_reachable(params["chat_id"])
        if returns and returns[0] == "Message" and isinstance(params.get("chat_id"), int):
            return self._store(params["chat_id"], self.bot, {}, params)
        if "Boolean" in returns:
            return True
        if returns and returns[0].startswith("Array of"):
            return []
        if returns == ("Integer",):
            return 0
        if returns == ("String",):
            return ""
        # The spec lets this method return an object the fake does not build.
        self.unimplemented.append(method)
        return True

    def remember_user(self, user: Mapping[str, Any]) -> None:
        self.users[user["id"]] = dict(user)

    def chat(self, chat_id: int) -> dict[str, Any]:
        if chat_id in self.chats:
            return dict(self.chats[chat_id])
        return chat_for(chat_id, self.users)

    def next_message_id(self, chat_id: int) -> int:
        self._last_message_id[chat_id] = self._last_message_id.get(chat_id, 0) + 1
        return self._last_message_id[chat_id]

    def new_message(
        self, chat_id: int, sender: Mapping[str, Any], content: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Store a message (from a user or the bot) and return it."""
        message = {
            "message_id": self.next_message_id(chat_id),
            "date": _now(),
            "chat": self.chat(chat_id),
            "from": dict(sender),
            **content,
        }
        self.messages[(chat_id, message["message_id"])] = message
        return copy.deepcopy(message)

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        found = self.messages.get((chat_id, message_id))
        return copy.deepcopy(found) if found is not None else None

    def new_file(self, seed: str, data: bytes | None = None) -> tuple[str, str]:
        file_id, unique_id = file_ids(f"{seed}:{next(self._ids)}")
        if data is not None:
            self.file_contents[file_id] = data
        return file_id, unique_id

    def new_callback_query(self, message: Mapping[str, Any], data: str, user_id: int) -> str:
        query_id = str(4_000_000_000 + next(self._ids))
        self.callback_queries[query_id] = CallbackQueryState(
            id=query_id,
            chat_id=message["chat"]["id"],
            message_id=message["message_id"],
            data=data,
            user_id=user_id,
        )
        return query_id

    def incoming_media(
        self,
        photo: bool | bytes,
        sticker: bool | str,
        document: bool | bytes | Mapping[str, Any],
        location: tuple[float, float] | None,
        voice: bool | int | bytes,
        contact: bool | Mapping[str, Any],
        sender: Mapping[str, Any],
    ) -> dict[str, Any]:
        """Message content for media a user sends; bytes become downloadable files."""
        content: dict[str, Any] = {}

        def data_of(value: Any) -> bytes | None:
            return value if isinstance(value, bytes) else None

        if photo is not False:
            file_id, unique_id = self.new_file("photo", data_of(photo))
            small_id, small_unique = self.new_file("photo-small")
            content["photo"] = [
                {"file_id": small_id, "file_unique_id": small_unique, "width": 90, "height": 67},
                {"file_id": file_id, "file_unique_id": unique_id, "width": 1280, "height": 960},
            ]
        if sticker is not False:
            file_id, unique_id = self.new_file("sticker")
            content["sticker"] = {
                "file_id": file_id,
                "file_unique_id": unique_id,
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "emoji": sticker if isinstance(sticker, str) else "👍",
            }
        if document is not False:
            details = dict(document) if isinstance(document, Mapping) else {}
            data = details.pop("data", data_of(document))
            file_id, unique_id = self.new_file("document", data)
            content["document"] = {
                "file_id": file_id,
                "file_unique_id": unique_id,
                "file_name": "document.pdf",
                "mime_type": "application/pdf",
                **({"file_size": len(data)} if data is not None else {}),
                **details,
            }
        if location is not None:
            content["location"] = {"latitude": location[0], "longitude": location[1]}
        if voice is not False:
            file_id, unique_id = self.new_file("voice", data_of(voice))
            duration = voice if isinstance(voice, int) and not isinstance(voice, bool) else 3
            content["voice"] = {
                "file_id": file_id,
                "file_unique_id": unique_id,
                "duration": duration,
                "mime_type": "audio/ogg",
            }
        if contact is not False:
            details = dict(contact) if isinstance(contact, Mapping) else {}
            content["contact"] = {
                "phone_number": "+31600000000",
                "first_name": sender["first_name"],
                "user_id": sender["id"],
                **details,
            }
        return content

    def _check_reachable(self, chat_id: int) -> None:
        if chat_id in self.blocked_users:
            raise APIError(403, "Forbidden: bot was blocked by the user")

    def _target(self, params: Mapping[str, Any], key: str = "chat_id") -> int:
        chat_id = params[key]
        if not isinstance(chat_id, int):
            # Usernames only work for public chats, which the fake has none of.
            raise APIError(400, "Bad Request: chat not found")
        self._check_reachable(chat_id)
        return chat_id

    def _store(
        self,
        chat_id: int,
        sender: Mapping[str, Any],
        content: dict[str, Any],
        params: Mapping[str, Any],
    ) -> dict[str, Any]:
        markup = _inline_markup(params)
        if markup is not None:
            content["reply_markup"] = markup
        reply = params.get("reply_parameters")
        if isinstance(reply, dict) and isinstance(reply.get("message_id"), int):
            replied = self.messages.get((reply.get("chat_id", chat_id), reply["message_id"]))
            if replied is not None:
                content["reply_to_message"] = {
                    k: v for k, v in replied.items() if k != "reply_to_message"
                }
        return self.new_message(chat_id, sender, content)

    def _file_content(
        self,
        value: Any,
        files: Mapping[str, UploadedFile],
        seed: str,
    ) -> tuple[str, str, UploadedFile | None]:
        """file_id, file_unique_id and the upload (if any) for an InputFile-or-String."""
        upload: UploadedFile | None = None
        if isinstance(value, UploadedFile):
            upload = value
        elif isinstance(value, str) and value.startswith("attach://"):
            upload = files.get(value.removeprefix("attach://"))
        if (
            upload is None
            and isinstance(value, str)
            and not value.startswith(("http://", "https://"))
        ):
            # Re-sending by file_id keeps the id, as Telegram does.
            return value, file_ids(value)[1], None
        file_id, unique_id = self.new_file(seed, upload.data if upload else None)
        return file_id, unique_id, upload

    # --------------------------------------------------------------- sending

    def _caption(self, params: Mapping[str, Any]) -> dict[str, Any]:
        formatted = _formatted(params, "caption", "parse_mode", "caption_entities")
        if formatted is None:
            return {}
        text, entities = formatted
        return {"caption": text, **({"caption_entities": entities} if entities else {})}

    def _send_message(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        chat_id = self._target(params)
        formatted = _formatted(params, "text", "parse_mode", "entities")
        assert formatted is not None
        text, entities = formatted
        content: dict[str, Any] = {"text": text}
        if entities:
            content["entities"] = entities
        return self._store(chat_id, self.bot, content, params)

    def _media_sender(
        self, method: str
    ) -> Callable[[dict[str, Any], dict[str, UploadedFile]], Any]:
        key = _MEDIA[method]

        def send(params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
            chat_id = self._target(params)
            content = {key: self._media_object(key, params.get(key), params, files)}
            content.update(self._caption(params))
            return self._store(chat_id, self.bot, content, params)

        return send

    def _media_object(
        self,
        key: str,
        value: Any,
        params: Mapping[str, Any],
        files: Mapping[str, UploadedFile],
    ) -> Any:
        file_id, unique_id, upload = self._file_content(value, files, key)
        size = {"file_size": len(upload.data)} if upload else {}
        base = {"file_id": file_id, "file_unique_id": unique_id, **size}
        duration = params.get("duration", 1)
        if key == "photo":
            small_id, small_unique = file_ids(f"{file_id}:thumb")
            return [
                {"file_id": small_id, "file_unique_id": small_unique, "width": 90, "height": 67},
                {**base, "width": 1280, "height": 960},
            ]
        if key == "document":
            name = (upload.filename if upload else None) or "document"
            return {**base, "file_name": name, "mime_type": "application/octet-stream"}
        if key == "voice":
            return {**base, "duration": duration, "mime_type": "audio/ogg"}
        if key == "audio":
            return {**base, "duration": duration}
        if key in {"video", "animation"}:
            return {**base, "width": 640, "height": 480, "duration": duration}
        if key == "video_note":
            return {**base, "length": params.get("length", 240), "duration": duration}
        return {
            **base,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            **({"emoji": params["emoji"]} if params.get("emoji") else {}),
        }

    def _send_location(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        chat_id = self._target(params)
        location = {"latitude": params["latitude"], "longitude": params["longitude"]}
        return self._store(chat_id, self.bot, {"location": location}, params)

    def _send_venue(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        chat_id = self._target(params)
        venue = {
            "location": {"latitude": params["latitude"], "longitude": params["longitude"]},
            "title": params["title"],
            "address": params["address"],
        }
        return self._store(chat_id, self.bot, {"venue": venue}, params)

    def _send_contact(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        chat_id = self._target(params)
        contact = {"phone_number": params["phone_number"], "first_name": params["first_name"]}
        if params.get("last_name"):
            contact["last_name"] = params["last_name"]
        return self._store(chat_id, self.bot, {"contact": contact}, params)

    def _send_dice(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        chat_id = self._target(params)
        dice = {"emoji": params.get("emoji", "🎲"), "value": 1}
        return self._store(chat_id, self.bot, {"dice": dice}, params)

    def _send_media_group(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        chat_id = self._target(params)
        group_id = str(next(self._ids))
        sent = []
        for item in params["media"]:
            content = {item["type"]: self._media_object(item["type"], item["media"], item, files)}
            content.update(self._caption(item))
            content["media_group_id"] = group_id
            sent.append(self._store(chat_id, self.bot, content, {}))
        return sent

    def _source_message(self, params: Mapping[str, Any], action: str) -> dict[str, Any]:
        source = self.messages.get((params["from_chat_id"], params["message_id"]))
        if source is None:
            raise APIError(400, f"Bad Request: message to {action} not found")
        return source

    def _copy_message(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        chat_id = self._target(params)
        source = self._source_message(params, "copy")
        content = {k: copy.deepcopy(v) for k, v in source.items() if k not in _ENVELOPE}
        if "caption" in params:
            content.pop("caption_entities", None)
            content.update(self._caption(params))
        copied = self._store(chat_id, self.bot, content, params)
        return {"message_id": copied["message_id"]}

    def _forward_message(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        chat_id = self._target(params)
        source = self._source_message(params, "forward")
        content = {k: copy.deepcopy(v) for k, v in source.items() if k not in _ENVELOPE}
        content["forward_origin"] = {
            "type": "user",
            "date": source["date"],
            "sender_user": source["from"],
        }
        return self._store(chat_id, self.bot, content, {})

    # --------------------------------------------------------------- editing

    def _editable(self, params: Mapping[str, Any]) -> dict[str, Any] | None:
        """The stored message an edit targets; None for inline messages."""
        if "inline_message_id" in params:
            return None
        chat_id = self._target(params)
        message = self.messages.get((chat_id, params["message_id"]))
        if message is None:
            raise APIError(400, "Bad Request: message to edit not found")
        if message["from"].get("id") != self.bot["id"]:
            raise APIError(400, "Bad Request: message can't be edited")
        return message

    def _apply_edit(
        self, message: dict[str, Any], changes: dict[str, Any], params: Mapping[str, Any]
    ) -> dict[str, Any]:
        changes["reply_markup"] = _inline_markup(params)
        if all(message.get(key) == (value or None) for key, value in changes.items()):
            raise APIError(400, NOT_MODIFIED)
        updated = dict(message)
        for key, value in changes.items():
            if value:
                updated[key] = value
            else:
                updated.pop(key, None)
        updated["edit_date"] = _now()
        self.messages[(message["chat"]["id"], message["message_id"])] = updated
        return copy.deepcopy(updated)

    def _edit_text(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        message = self._editable(params)
        if message is None:
            return True
        if "text" not in message:
            raise APIError(400, "Bad Request: there is no text in the message to edit")
        formatted = _formatted(params, "text", "parse_mode", "entities")
        if formatted is None:  # rich_message edits are not modelled
            return copy.deepcopy(message)
        text, entities = formatted
        return self._apply_edit(message, {"text": text, "entities": entities}, params)

    def _edit_caption(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        message = self._editable(params)
        if message is None:
            return True
        if not any(key in message for key in (*_MEDIA.values(), "caption")):
            raise APIError(400, "Bad Request: there is no caption in the message to edit")
        caption = self._caption(params)
        changes = {
            "caption": caption.get("caption"),
            "caption_entities": caption.get("caption_entities"),
        }
        return self._apply_edit(message, changes, params)

    def _edit_reply_markup(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        message = self._editable(params)
        if message is None:
            return True
        return self._apply_edit(message, {}, params)

    def _edit_media(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        message = self._editable(params)
        if message is None:
            return True
        media = params["media"]
        updated = {k: v for k, v in message.items() if k in _ENVELOPE}
        updated[media["type"]] = self._media_object(media["type"], media["media"], media, files)
        updated.update(self._caption(media))
        markup = _inline_markup(params)
        updated.pop("reply_markup", None)
        if markup:
            updated["reply_markup"] = markup
        updated["edit_date"] = _now()
        self.messages[(message["chat"]["id"], message["message_id"])] = updated
        return copy.deepcopy(updated)

    def _delete_message(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        chat_id = self._target(params)
        if self.messages.pop((chat_id, params["message_id"]), None) is None:
            raise APIError(400, "Bad Request: message to delete not found")
        return True

    def _delete_messages(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        chat_id = self._target(params)
        for message_id in params["message_ids"]:
            self.messages.pop((chat_id, message_id), None)
        return True

    # ------------------------------------------------------------- queries etc.

    def _answer_callback_query(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        query = self.callback_queries.get(params["callback_query_id"])
        if query is None or query.answered:
            raise APIError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        query.answered = True
        return True

    def _get_chat(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        chat_id = params["chat_id"]
        if not isinstance(chat_id, int):
            raise APIError(400, "Bad Request: chat not found")
        return {
            **self.chat(chat_id),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": True,
                "limited_gifts": True,
                "unique_gifts": True,
                "premium_subscription": True,
                "gifts_from_channels": True,
            },
        }

    def _get_chat_member(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        key = (params["chat_id"], params["user_id"])
        if key in self.chat_members:
            return copy.deepcopy(self.chat_members[key])
        if params["user_id"] == self.bot["id"]:
            rights = [
                "can_be_edited",
                "can_manage_chat",
                "can_delete_messages",
                "can_manage_video_chats",
                "can_restrict_members",
                "can_promote_members",
                "can_change_info",
                "can_invite_users",
                "can_post_stories",
                "can_edit_stories",
                "can_delete_stories",
                "is_anonymous",
            ]
            member = {"status": "administrator", "user": self.bot}
            member.update(
                {right: right not in {"can_be_edited", "is_anonymous"} for right in rights}
            )
            return member
        user = self.users.get(params["user_id"]) or {
            "id": params["user_id"],
            "is_bot": False,
            "first_name": f"User {params['user_id']}",
        }
        return {"status": "member", "user": user}

    def _get_file(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        file_id = params["file_id"]
        info: dict[str, Any] = {
            "file_id": file_id,
            "file_unique_id": file_ids(file_id)[1],
            "file_path": f"files/{file_id}",
        }
        if file_id in self.file_contents:
            info["file_size"] = len(self.file_contents[file_id])
        return info

    def _create_invite_link(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        link = {
            "invite_link": f"https://t.me/+fake{next(self._ids)}",
            "creator": self.bot,
            "creates_join_request": bool(params.get("creates_join_request", False)),
            "is_primary": False,
            "is_revoked": False,
        }
        for key in ("name", "expire_date", "member_limit"):
            if key in params:
                link[key] = params[key]
        return link

    @staticmethod
    def _commands_key(params: Mapping[str, Any]) -> str:
        scope = params.get("scope") or {"type": "default"}
        return f"commands:{json.dumps(scope, sort_keys=True)}:{params.get('language_code', '')}"

    def _set_commands(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        self.settings[self._commands_key(params)] = params["commands"]
        return True

    def _delete_commands(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        self.settings.pop(self._commands_key(params), None)
        return True

    def _get_commands(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        return copy.deepcopy(self.settings.get(self._commands_key(params), []))

    def _setter(self, key: str) -> Callable[[dict[str, Any], dict[str, UploadedFile]], Any]:
        def set_value(params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
            self.settings[f"{key}:{params.get('language_code', '')}"] = params.get(key, "")
            return True

        return set_value

    def _getter(self, key: str) -> Callable[[dict[str, Any], dict[str, UploadedFile]], Any]:
        def get_value(params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
            return {key: self.settings.get(f"{key}:{params.get('language_code', '')}", "")}

        return get_value

    def _set_menu_button(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        self.settings[f"menu_button:{params.get('chat_id', '')}"] = params.get(
            "menu_button", {"type": "default"}
        )
        return True

    def _get_menu_button(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        key = f"menu_button:{params.get('chat_id', '')}"
        return copy.deepcopy(self.settings.get(key, {"type": "default"}))

    def pressable_data(self, message: Mapping[str, Any]) -> list[str]:
        return [
            b["callback_data"]
            for b in inline_buttons(message.get("reply_markup"))
            if "callback_data" in b
        ]
