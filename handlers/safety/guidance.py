"""What the safety wizard says first: what the bot is not for (112, 114 14, the fault
report), and that residents describe places and situations, not people."""

from __future__ import annotations

from html import escape

from bot.area import AreaProfile
from bot.i18n import gettext as _

__all__ = ["POLICE_NUMBER", "guidance_text"]

# The non-emergency police number. A no-break space keeps "114 14" in this order inside
# right-to-left text, where an ordinary space lets the two groups swap places.
POLICE_NUMBER = "114\u00a014"


def guidance_text(area: AreaProfile) -> str:
    contact = area.contacts.get("fault_report")
    # Translators: used when the area has no fault-report contact: the resident's landlord's
    # service for reporting faults in the building (felanmälan).
    fault_report = escape(contact.name) if contact else _("your landlord's fault report")
    if contact and contact.phone:
        # Translators: the fault-report contact: {name} is the service's name, {phone} its
        # number.
        fault_report = _("{name}, phone {phone}").format(
            name=escape(contact.name), phone=escape(contact.phone)
        )
    return _(
        "<b>Report something that feels unsafe</b>\n\n"
        "🚨 Emergency, crime happening now, fire, someone hurt: call <b>112</b> now.\n"
        "👮 Police, not urgent (for example to report a crime afterwards): "
        "call <b>{police_number}</b>.\n"
        "🔧 Something broken in your building or flat: {fault_report}.\n\n"
        "This is for places and situations that feel unsafe, such as dark paths or "
        "broken locks. Please describe the place and the situation, and do not name "
        "people."
    ).format(fault_report=fault_report, police_number=POLICE_NUMBER)
