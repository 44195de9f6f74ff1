"""Inline keyboards, one builder per screen; callback data factories in ``callbacks``."""
