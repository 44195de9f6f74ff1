"""What the bot sends on its own schedule, outside any update: the broadcast engine and
its queue, the outbox of status messages, the staff desk's deliveries, poll closing,
and the background jobs that run them round after round; and exports, which run with
short sessions of their own too, for /export and ``python -m bot export`` alike."""
