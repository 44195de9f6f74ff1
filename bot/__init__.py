"""Vårt Rannebergen resident bot: the application package (settings, factory, CLI)."""
