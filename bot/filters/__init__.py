"""Filters that read the resident and settings from the update's context."""
