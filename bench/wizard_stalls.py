"""The idea wizard on a fresh process: the first idea after start, and the similar-ideas
check over many open ideas, with a probe of the event loop's longest stall.

    python bench/wizard_stalls.py [IDEAS] [--postgres URL]

Run by ``bench/taps_benchmark.py``; it must be a process of its own, so that language
detection starts cold, as after a deploy. The bot's start-up warm-up of the language
models runs as ``python -m bot run`` does it; the first resident writes one second later.
Printed: how long the text step took for the first and the second idea, how long the
similar-ideas step took, and the longest stall. Targets: the first idea no slower than
the second, the similar-ideas check at most 50 ms, no stall over 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sqlalchemy import insert  # noqa: E402
from taps_benchmark import StallProbe, _tap, prepare_postgres  # noqa: E402

from bot.app import build_bot, build_dispatcher  # noqa: E402
from bot.local_api import LocalBotAPISession  # noqa: E402
from bot.services.idea_submission import index_rows  # noqa: E402
from bot.services.language_detection import warm_up  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.views.callbacks import (  # noqa: E402
    IdeaCategoryCallback,
    IdeaWizardCallback,
    WizardAction,
)
from db.migrate import upgrade_database  # noqa: E402
from db.models import Idea, IdeaStatus, IdeaWord  # noqa: E402
from db.session import create_engine, create_session_factory  # noqa: E402

# Residents' texts share everyday words and differ in rarer ones: words are drawn with
# Zipf's law from the area's words and 3,000 made-up ones, as in any natural language.
AREA_WORDS = [
    "bänkar",
    "lekplatsen",
    "belysning",
    "parken",
    "odlingslotter",
    "grillplats",
    "cykelställ",
    "porten",
    "trappuppgång",
    "låset",
    "klotter",
    "soptunnor",
    "parkering",
    "busshållplatsen",
    "gångvägen",
    "tunneln",
    "träden",
    "buskarna",
    "utsikten",
    "fotbollsplan",
    "ungdomar",
    "mötesplats",
    "sommarfest",
    "städdag",
    "hundar",
    "blommor",
    "papperskorgar",
    "gräsmattan",
    "snöröjning",
    "halka",
    "trappan",
    "hissen",
    "tvättstugan",
    "förrådet",
    "fönstren",
    "balkongen",
    "grannar",
    "barnen",
    "skolan",
    "affären",
    "biblioteket",
    "samlingslokal",
]
FILLER = ["och", "att", "det", "är", "vi", "vid", "för", "som", "med", "på", "till", "inte"]
SYLLABLES = [
    "ka",
    "ro",
    "mi",
    "ne",
    "su",
    "ta",
    "lo",
    "vi",
    "de",
    "ja",
    "ba",
    "ki",
    "fo",
    "ru",
    "se",
]


def _vocabulary(generator: random.Random) -> list[str]:
    made_up = {
        "".join(generator.choice(SYLLABLES) for _ in range(generator.randint(2, 4)))
        for _ in range(3000)
    }
    words = AREA_WORDS + sorted(made_up)
    generator.shuffle(words)
    return words


def _idea_text(generator: random.Random, vocabulary: list[str], weights: list[float]) -> str:
    words: list[str] = []
    while len(" ".join(words)) < 990:
        if generator.random() < 0.4:
            words.append(generator.choice(FILLER))
        else:
            words.append(generator.choices(vocabulary, weights)[0])
    return " ".join(words)[:1000]


async def _seed(session_factory, ideas: int) -> None:
    generator = random.Random(5)
    vocabulary = _vocabulary(generator)
    weights = [1 / rank for rank in range(1, len(vocabulary) + 1)]
    async with session_factory() as session, session.begin():
        bodies = [_idea_text(generator, vocabulary, weights) for _ in range(ideas)]
        await session.execute(
            insert(Idea),
            [
                {
                    "category": "outdoor",
                    "body": body,
                    "language": "sv",
                    "status": IdeaStatus.RECEIVED,
                }
                for body in bodies
            ],
        )
        words = [
            {"idea_id": number, "word": row.word, "stem": row.stem}
            for number, body in enumerate(bodies, start=1)
            for row in index_rows(number, body, "sv")
        ]
        await session.execute(insert(IdeaWord), words)


async def main(ideas: int, postgres: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = await prepare_postgres(postgres) if postgres else f"sqlite+aiosqlite:///{folder}/w.db"
        settings = Settings(_env_file=None, bot_token=None, database_url=url, staff_chat_id=-100)
        engine = create_engine(url)
        await upgrade_database(engine)
        session_factory = create_session_factory(engine)
        await _seed(session_factory, ideas)
        dispatcher = build_dispatcher(settings, session_factory)
        bot = build_bot(settings, session=LocalBotAPISession())
        from aiogram.types import Chat, Message, Update, User

        ids = iter(range(10**6, 10**7))

        def say(user: int, text: str) -> Update:
            message = Message(
                message_id=next(ids),
                date=int(time.time()),
                chat=Chat(id=user, type="private"),
                from_user=User(id=user, is_bot=False, first_name="R", language_code="sv"),
                text=text,
            )
            return Update(update_id=next(ids), message=message)

        async def feed(update: Update) -> float:
            started = time.perf_counter()
            await dispatcher.feed_update(bot, update)
            return time.perf_counter() - started

        def press(user: int, data: str) -> Update:
            return _tap(user, data, None)  # type: ignore[arg-type]

        with StallProbe() as probe:
            # As at start: the models load in a thread while the bot already serves.
            asyncio.get_running_loop().run_in_executor(None, warm_up)
            await asyncio.sleep(1.0)
            text_steps, similar_steps = [], []
            for user in (70_001, 70_002):
                await feed(say(user, "/idea"))
                await feed(press(user, IdeaCategoryCallback(category="outdoor").pack()))
                text = "Vi behöver fler bänkar vid lekplatsen i parken och bättre belysning"
                text_steps.append(await feed(say(user, text)))
                next_step = IdeaWizardCallback(action=WizardAction.NEXT).pack()
                similar_steps.append(await feed(press(user, next_step)))
        await engine.dispose()
    print(f"## Idea wizard on a fresh process, {ideas:,} open ideas of 1,000 characters\n")
    print("| text step, 1st idea | text step, 2nd idea | similar-ideas step | longest stall |")
    print("|---|---|---|---|")
    print(
        f"| {text_steps[0] * 1000:.0f} ms | {text_steps[1] * 1000:.0f} ms "
        f"| {max(similar_steps) * 1000:.0f} ms | {probe.longest * 1000:.0f} ms |"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("ideas", type=int, nargs="?", default=5000)
    parser.add_argument("--postgres")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.ideas, arguments.postgres))
