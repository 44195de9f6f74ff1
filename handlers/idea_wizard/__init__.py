"""/idea: share an idea in a short wizard, with 'has this already been suggested?'.

Steps: category, the idea in the resident's own words (text, voice, or a photo with a
caption), optional photo and place, similar ideas, preview, send. /cancel and any other
command work at every step; a step given the wrong kind of input says what it expects.
"""

from handlers.idea_wizard.routing import build_router
from handlers.idea_wizard.states import IdeaForm

__all__ = ["IdeaForm", "build_router"]
