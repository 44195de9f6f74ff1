"""What a message looks like: idea, report and poll cards, keyboards, callback data,
the command menu and the /stats chart. Views may read services' values; they never send
on their own schedule (``bot.delivery``) and never import handlers."""
