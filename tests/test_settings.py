"""Settings: defaults, parsing, and one readable line for each mistake."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT, Settings, SettingsError, load_settings
from tests.support.processes import user_environment

TOKEN = "123456:AAH-very-secret-token"


def test_defaults_are_an_sqlite_file_in_swedish(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("BOT_TOKEN", "DATABASE_URL", "ADMIN_IDS", "DEFAULT_LOCALE", "TIMEZONE"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=None)
    assert settings.database_url == "sqlite+aiosqlite:///data/bot.sqlite3"
    assert settings.default_locale == "sv"
    assert settings.timezone == "Europe/Stockholm"
    assert settings.bot_token is None
    assert settings.area_profile == PROJECT_ROOT / "areas" / "rannebergen.toml"


def test_admin_ids_are_split_from_a_comma_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_IDS", "12345, 67890")
    assert load_settings(_env_file=None).admin_ids == {12345, 67890}


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("DATABASE_URL", "nonsense", "DATABASE_URL"),
        ("DATABASE_URL", "mysql://localhost/bot", "DATABASE_URL"),
        ("ADMIN_IDS", "12,abc", "ADMIN_IDS"),
        ("DEFAULT_LOCALE", "de", "DEFAULT_LOCALE"),
        ("TIMEZONE", "Mars/Olympus", "TIMEZONE"),
        ("TELEGRAM_API_BASE", "127.0.0.1:8081", "TELEGRAM_API_BASE"),
        ("AREA_PROFILE", "/nowhere/area.toml", "AREA_PROFILE"),
        ("BOT_TOKEN", "not-a-token", "BOT_TOKEN"),
        ("REDIS_URL", "127.0.0.1:6379", "REDIS_URL"),
        ("WEBHOOK_URL", "http://bot.example.org/telegram", "WEBHOOK_URL"),
        ("WEBHOOK_SECRET", "short", "WEBHOOK_SECRET"),
        ("WEBHOOK_SECRET", "has spaces and ! in it, sadly", "WEBHOOK_SECRET"),
        ("WEBHOOK_LISTEN", "8080", "WEBHOOK_LISTEN"),
    ],
)
def test_a_malformed_setting_is_named_in_one_line(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, named: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None)
    message = str(caught.value)
    assert message.startswith(f"{named}: ")
    assert "\n" not in message


def test_the_token_never_shows_in_a_dump_or_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    settings = load_settings(_env_file=None)
    assert TOKEN not in repr(settings)
    assert TOKEN not in str(settings.model_dump())
    monkeypatch.setenv("BOT_TOKEN", "secret-without-colon")
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None)
    assert "secret-without-colon" not in str(caught.value)


def test_a_redis_password_never_shows_in_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis:/:hunter2-password@host")
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None)
    assert "hunter2" not in str(caught.value)


def test_a_webhook_without_its_secret_does_not_start(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.__main__ import main

    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.org/telegram")
    monkeypatch.delenv("WEBHOOK_SECRET", raising=False)
    assert main(["run"]) == 2
    assert capsys.readouterr().err.startswith("Cannot start: WEBHOOK_SECRET: needed with")


def _run_bot(tmp_path: Path, *arguments: str, **environment: str) -> subprocess.CompletedProcess:
    env = user_environment(**environment)
    return subprocess.run(
        [sys.executable, "-m", "bot", *arguments],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        input="",
        timeout=60,
        check=False,
    )


def test_a_bad_database_url_stops_the_start_with_one_readable_line(tmp_path: Path) -> None:
    result = _run_bot(tmp_path, "run", DATABASE_URL="nonsense", BOT_TOKEN=TOKEN)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Cannot start: DATABASE_URL: ")
    assert TOKEN not in result.stderr + result.stdout


def test_without_a_token_the_simulator_opens_and_says_so(tmp_path: Path) -> None:
    result = _run_bot(tmp_path, DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/db.sqlite3")
    assert result.returncode == 0, result.stderr
    assert "simulator" in result.stderr


def test_a_database_password_never_shows_in_a_dump(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://bot:hunter2-secret@db:5432/bot")
    settings = load_settings(_env_file=None)
    assert "hunter2-secret" not in repr(settings)
    assert "hunter2-secret" not in str(settings)


@pytest.mark.parametrize(
    ("base", "accepted"),
    [
        ("http://127.0.0.1:8081", True),
        ("http://localhost:8081", True),
        ("http://[::1]:8081", True),
        ("https://botapi.example.org", True),
        ("http://botapi.example.org", False),
        ("http://10.0.0.5:8081", False),
    ],
)
def test_plain_http_to_the_bot_api_only_on_this_machine(
    monkeypatch: pytest.MonkeyPatch, base: str, accepted: bool
) -> None:
    monkeypatch.setenv("TELEGRAM_API_BASE", base)
    if accepted:
        assert load_settings(_env_file=None).telegram_api_base == base
    else:
        with pytest.raises(SettingsError, match="TELEGRAM_API_BASE"):
            load_settings(_env_file=None)
