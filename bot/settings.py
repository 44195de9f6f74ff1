"""Runtime settings, read once from the environment and an optional ``.env`` file.

Every variable is documented in the README. The token is a ``SecretStr`` so that it never
shows up in a log line, a ``repr`` or a traceback's locals; the database URL, which may
hold a password, is left out of ``repr`` too.
"""

from __future__ import annotations

import re
from ipaddress import ip_address
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

__all__ = ["PROJECT_ROOT", "Settings", "SettingsError", "load_settings"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/bot.sqlite3"
SUPPORTED_DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")


class SettingsError(Exception):
    """A setting is missing or malformed; the message names it in one line."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    # May hold a PostgreSQL password: kept out of repr() and str() like the token.
    database_url: str = Field(default=DEFAULT_DATABASE_URL, repr=False)
    telegram_api_base: str | None = None
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    staff_chat_id: int | None = None
    default_locale: str = "sv"
    timezone: str = "Europe/Stockholm"
    area_profile: Path = PROJECT_ROOT / "areas" / "rannebergen.toml"
    invite_ttl_hours: int = Field(default=72, ge=1, le=24 * 30)
    ideas_per_day: int = Field(default=5, ge=1, le=100)
    wizard_timeout_minutes: int = Field(default=30, ge=1, le=24 * 60)
    flags_to_hide: int = Field(default=3, ge=1, le=50)
    reports_per_day: int = Field(default=5, ge=1, le=100)
    report_link_retention_days: int = Field(default=365, ge=1, le=3650)
    staff_locale: str = "sv"
    # Keys the pseudonyms in exports; without it, exports are refused.
    pseudonym_secret: SecretStr | None = None
    csv_delimiter: str = ";"
    broadcast_rate: float = Field(default=25.0, gt=0, le=30)
    throttle_burst: int = Field(default=20, ge=1, le=1000)
    throttle_per_second: float = Field(default=1.0, gt=0, le=50)
    # Per-language poll results: smaller groups are merged into "other languages".
    min_group_size: int = Field(default=5, ge=1, le=100)
    inactive_resident_retention_days: int = Field(default=730, ge=30, le=3650)
    log_level: str = "INFO"
    # Several instances (README, "Running several instances"): conversations and shared
    # counters in Redis; without it, in this process's memory as before.
    redis_url: SecretStr | None = None
    # Webhook mode instead of long polling: Telegram POSTs updates to WEBHOOK_URL, which a
    # reverse proxy forwards to WEBHOOK_LISTEN; WEBHOOK_SECRET proves a request is Telegram's.
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "0.0.0.0:8080"
    # Machine translation through a self-hosted LibreTranslate (README, "Machine
    # translation"); unset, nothing is translated and no translation is shown.
    translate_url: str | None = None
    translate_api_key: SecretStr | None = None
    translate_timeout: float = Field(default=15.0, gt=0, le=120)

    @field_validator("bot_token", mode="before")
    @classmethod
    def _empty_token_is_none(cls, value: object) -> object:
        return value or None

    @field_validator("bot_token")
    @classmethod
    def _check_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        bot_id, _, secret = value.get_secret_value().partition(":")
        if not bot_id.isdigit() or not secret:
            # Never echo the value: a half-pasted token is still a secret.
            raise ValueError("expected the form <digits>:<secret> given by @BotFather")
        return value

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        try:
            url = make_url(value)
        except ArgumentError:
            raise ValueError(
                "not a database URL; use sqlite+aiosqlite:///path or postgresql+asyncpg://..."
            ) from None
        if url.drivername not in SUPPORTED_DRIVERS:
            raise ValueError(
                f"driver {url.drivername!r} is not supported; use one of "
                + ", ".join(SUPPORTED_DRIVERS)
            )
        return value

    @field_validator("pseudonym_secret", mode="before")
    @classmethod
    def _check_pseudonym_secret(cls, value: object) -> object:
        if not value:
            return None
        if len(str(value)) < 16:
            raise ValueError("use at least 16 random characters")
        return value

    @field_validator("redis_url", mode="before")
    @classmethod
    def _check_redis_url(cls, value: object) -> object:
        if not value:
            return None
        # Never echo the value: the URL may carry a password.
        if not str(value).startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value

    @field_validator("webhook_url", mode="before")
    @classmethod
    def _check_webhook_url(cls, value: object) -> object:
        if not value:
            return None
        if not str(value).startswith("https://"):
            raise ValueError("Telegram sends webhooks only to https:// addresses")
        return value

    @field_validator("translate_url", mode="before")
    @classmethod
    def _check_translate_url(cls, value: object) -> object:
        if not value:
            return None
        if not str(value).startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://, e.g. http://127.0.0.1:5000")
        return str(value).rstrip("/")

    @field_validator("translate_api_key", mode="before")
    @classmethod
    def _empty_api_key_is_none(cls, value: object) -> object:
        return value or None

    @property
    def translates(self) -> bool:
        return self.translate_url is not None

    @field_validator("webhook_secret", mode="before")
    @classmethod
    def _check_webhook_secret(cls, value: object) -> object:
        if not value:
            return None
        # Telegram's rule for secret_token: 1-256 characters A-Z, a-z, 0-9, _ and -.
        if not re.fullmatch(r"[A-Za-z0-9_-]{16,256}", str(value)):
            raise ValueError("use 16-256 characters from A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("webhook_listen")
    @classmethod
    def _check_webhook_listen(cls, value: str) -> str:
        host, _, port = value.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError("expected host:port, e.g. 0.0.0.0:8080")
        return value

    @property
    def listen_host_port(self) -> tuple[str, int]:
        host, _, port = self.webhook_listen.rpartition(":")
        return host, int(port)

    @field_validator("csv_delimiter")
    @classmethod
    def _check_delimiter(cls, value: str) -> str:
        if value not in (";", ",", "tab"):
            raise ValueError("use ; (Swedish Excel), , or the word tab")
        return value

    @property
    def csv_separator(self) -> str:
        return "\t" if self.csv_delimiter == "tab" else self.csv_delimiter

    @field_validator("telegram_api_base", mode="before")
    @classmethod
    def _check_api_base(cls, value: object) -> object:
        if not value:
            return None
        if not str(value).startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        if str(value).startswith("http://") and not _is_loopback(urlsplit(str(value)).hostname):
            # The token is part of every request's path: unencrypted only on this machine.
            raise ValueError(
                "plain http:// only to this machine (127.0.0.1, localhost); use https://"
            )
        return str(value).rstrip("/")

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_admin_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            if not all(part.lstrip("-").isdigit() for part in parts):
                raise ValueError("expected comma-separated Telegram user ids, e.g. 12345,67890")
            return frozenset(int(part) for part in parts)
        return value

    @field_validator("default_locale", "staff_locale")
    @classmethod
    def _check_locale(cls, value: str) -> str:
        from bot.i18n.languages import LANGUAGES

        if value not in LANGUAGES:
            raise ValueError(f"unknown language; use one of {', '.join(LANGUAGES)}")
        return value

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("not an IANA time zone such as Europe/Stockholm") from None
        return value

    @field_validator("area_profile")
    @classmethod
    def _check_area_profile(cls, value: Path) -> Path:
        if not value.is_file():
            raise ValueError(f"no such file: {value}")
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def _is_loopback(host: str | None) -> bool:
    if host is None:
        return False
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def load_settings(**overrides: object) -> Settings:
    """Build settings, turning pydantic's report into one line per bad setting."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        lines = []
        for problem in error.errors(include_input=False, include_url=False):
            name = str(problem["loc"][0]).upper() if problem["loc"] else "settings"
            reason = problem["msg"].removeprefix("Value error, ")
            lines.append(f"{name}: {reason}")
        raise SettingsError("; ".join(lines)) from None
