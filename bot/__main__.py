"""Command line: ``python -m bot [run|shell|export|stats|catalogues|db upgrade]``.

Only parses arguments and picks an entry point; everything else is in the factory.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from datetime import date

from bot.area import AreaProfileError, load_area_profile
from bot.cli_catalogues import add_catalogue_commands
from bot.i18n.languages import LANGUAGES
from bot.settings import Settings, SettingsError, load_settings

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Vårt Rannebergen resident bot. Without a command: run with BOT_TOKEN, "
        "or open the local chat simulator when there is none.",
    )
    commands = parser.add_subparsers(dest="command")
    commands.add_parser(
        "run",
        help="long polling against Telegram or TELEGRAM_API_BASE; a webhook server instead "
        "when WEBHOOK_URL is set",
    )
    shell = commands.add_parser("shell", help="chat with the bot in this terminal, no Telegram")
    shell.add_argument("--lang", default="sv", help="your Telegram language code (default sv)")
    shell.add_argument("--user-id", type=int, default=1, help="your pretend Telegram user id")
    shell.add_argument(
        "--as",
        dest="role",
        choices=("resident", "organiser", "staff", "admin"),
        help="give yourself this role in the local database first",
    )
    export = commands.add_parser("export", help="write a CSV export for Excel")
    export.add_argument(
        "kind",
        choices=("ideas", "safety", "votes", "polls", "answers"),
        help="polls: results per option and language; answers: each answer, by pseudonym",
    )
    export.add_argument("--since", type=date.fromisoformat, help="from this day (YYYY-MM-DD)")
    export.add_argument("--until", type=date.fromisoformat, help="to this day, included")
    export.add_argument("--status", help="only items with this status, e.g. planned")
    export.add_argument("--category", help="only this category, e.g. lighting or outdoor")
    export.add_argument("--poll", type=int, help="polls and answers: only this poll's number")
    export.add_argument("-o", "--output", help="file to write (default: standard output)")
    stats = commands.add_parser("stats", help="draw the staff's chart as a PNG")
    stats.add_argument("-o", "--output", default="stats.png", help="file to write")
    add_catalogue_commands(commands)
    db = commands.add_parser("db", help="database maintenance")
    db.add_argument("action", choices=("upgrade",), help="apply all migrations")
    return parser


def _configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # aiohttp logs request URLs at debug level, and a Bot API URL contains the token.
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)


def _log_level(command: str, settings: Settings) -> str:
    """The bot logs at ``LOG_LEVEL``. A command-line tool prints its result and its
    errors: it logs warnings only, unless ``LOG_LEVEL`` is set. In the simulator, log lines
    would interleave with the conversation."""
    if command == "run":
        return settings.log_level
    if command in ("export", "stats", "db") and "log_level" in settings.model_fields_set:
        return settings.log_level
    return "WARNING"


async def _upgrade(settings: Settings) -> None:
    from db.migrate import upgrade_database
    from db.session import create_engine

    engine = create_engine(settings.database_url)
    try:
        await upgrade_database(engine)
    finally:
        await engine.dispose()


def _run(settings: Settings) -> int:
    from db.sqlite_lock import AnotherInstanceError

    if settings.webhook_url and settings.webhook_secret is None:
        print(
            "Cannot start: WEBHOOK_SECRET: needed with WEBHOOK_URL, so that only Telegram "
            "can send updates (16-256 characters A-Z, a-z, 0-9, _ and -)",
            file=sys.stderr,
        )
        return 2
    try:
        if settings.webhook_url:
            from bot.webhook import run_webhook

            asyncio.run(run_webhook(settings))
        else:
            from bot.runner import run_polling

            asyncio.run(run_polling(settings))
    except AnotherInstanceError as error:
        print(f"Cannot start: {error}", file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        settings = load_settings()
        load_area_profile(settings.area_profile)
    except (SettingsError, AreaProfileError) as error:
        print(f"Cannot start: {error}", file=sys.stderr)
        return 2
    command = arguments.command or ("run" if settings.bot_token else "shell")
    _configure_logging(_log_level(command, settings))
    if command == "db":
        asyncio.run(_upgrade(settings))
        print("Database is up to date.")
        return 0
    if command == "catalogues":
        from bot.cli_catalogues import run_catalogue_command

        return run_catalogue_command(settings, arguments)
    if command == "export":
        from bot.cli_export import export_to_file

        try:
            rows = asyncio.run(export_to_file(settings, arguments))
        except ValueError as error:
            print(f"Cannot export: {error}", file=sys.stderr)
            return 2
        print(f"{rows} rows written.", file=sys.stderr)
        return 0
    if command == "stats":
        from bot.cli_export import stats_to_file

        asyncio.run(stats_to_file(settings, arguments.output))
        print(f"Chart written to {arguments.output}.", file=sys.stderr)
        return 0
    if command == "run":
        if settings.bot_token is None:
            print("Cannot start: BOT_TOKEN: not set; get one from @BotFather", file=sys.stderr)
            return 2
        return _run(settings)
    from bot.simulator.shell import run_shell

    if arguments.command is None:
        print("No BOT_TOKEN set: opening the local chat simulator.", file=sys.stderr)
    language = getattr(arguments, "lang", settings.default_locale)
    if language not in LANGUAGES:
        print(f"No catalogue for {language!r}: the bot will use its default.", file=sys.stderr)
    asyncio.run(
        run_shell(
            settings,
            language_code=language,
            user_id=getattr(arguments, "user_id", 1),
            role=getattr(arguments, "role", None),
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
