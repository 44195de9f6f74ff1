"""Domain rules: plain functions over a session and plain values, no Telegram."""
