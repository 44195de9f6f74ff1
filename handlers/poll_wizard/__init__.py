"""/newpoll for organisers: question, options, translations, how it is answered, when
it closes, who gets it; a preview per language; then the broadcast.

The rules for what the organiser types live in ``draft``; sending stores the
poll, its options and one delivery row per recipient in one transaction and returns at
once, and the broadcast queue sends it in the background.
"""

from handlers.poll_wizard.states import PollForm
from handlers.poll_wizard.steps import POLL_COMMANDS, build_router

__all__ = ["POLL_COMMANDS", "PollForm", "build_router"]
