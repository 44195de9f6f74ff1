"""/announce for organisers: one text (and a photo) to every resident, in their language.

The organiser writes in Swedish, may add translations (a message whose first line is the
language code), chooses the audience, sees a preview and sends. Sending stores the
broadcast with one row per recipient and returns at once; the queue sends it in the
background and keeps the organiser's progress message up to date.
"""

from handlers.announce.steps import ORGANISER_COMMANDS, AnnounceForm, build_router

__all__ = ["ORGANISER_COMMANDS", "AnnounceForm", "build_router"]
