"""Inline keyboards, one builder per screen; their callback data is ``bot.views.callbacks``."""
