"""The environment a command-line run of the bot gets in tests: this one's, without what
would make it another run than a user's."""

from __future__ import annotations

import os

__all__ = ["user_environment"]

# The bot's own settings a test gives explicitly, and mutmut's switch: a mutant is for
# the test process it runs in, and a command started from there cannot report to mutmut.
_NOT_INHERITED = frozenset({"LOG_LEVEL", "BOT_TOKEN", "DATABASE_URL", "MUTANT_UNDER_TEST"})


def user_environment(**settings: str) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if key not in _NOT_INHERITED}
    environment.update(settings)
    return environment
