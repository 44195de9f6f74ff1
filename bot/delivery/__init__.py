"""What the bot sends on its own schedule, outside any update: the broadcast engine and
its queue, the outbox of status messages, the staff desk's deliveries, poll closing,
and the background jobs that run them round after round."""
