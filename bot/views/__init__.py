"""What a message looks like: idea, report and poll cards, keyboards, callback data,
the command menu, the /stats chart and the export sheets. Views may read services'
values; they never send on their own schedule (``bot.delivery``) and never import
handlers."""
