"""Tables. Only what a purpose needs is stored (see the privacy section of the brief)."""

from db.models.attachments import MAX_PHOTOS, Attachment
from db.models.base import Base
from db.models.broadcasts import Broadcast, BroadcastState, Delivery, DeliveryState
from db.models.ideas import (
    CLOSED_STATUSES,
    FlagReason,
    Idea,
    IdeaFlag,
    IdeaFollower,
    IdeaStatus,
    IdeaStatusChange,
    IdeaVote,
    IdeaWord,
)
from db.models.job_leases import JobLease
from db.models.notifications import Notification
from db.models.polls import Poll, PollAnswer, PollChoice, PollOption, poll_is_closed, poll_taps
from db.models.residents import AuditEntry, Invite, Resident, Role
from db.models.safeguards import ActionCounter, BotSecret
from db.models.safety import (
    MessageDirection,
    SafetyCategory,
    SafetyMessage,
    SafetyReport,
    SafetyReportLink,
    SafetyStatusChange,
    StaffMention,
    TimeOfDay,
    Visibility,
    WhenHappened,
)
from db.models.translations import Translation

__all__ = [
    "CLOSED_STATUSES",
    "MAX_PHOTOS",
    "ActionCounter",
    "Attachment",
    "AuditEntry",
    "Base",
    "BotSecret",
    "Broadcast",
    "BroadcastState",
    "Delivery",
    "DeliveryState",
    "FlagReason",
    "Idea",
    "IdeaFlag",
    "IdeaFollower",
    "IdeaStatus",
    "IdeaStatusChange",
    "IdeaVote",
    "IdeaWord",
    "Invite",
    "JobLease",
    "MessageDirection",
    "Notification",
    "Poll",
    "PollAnswer",
    "PollChoice",
    "PollOption",
    "Resident",
    "Role",
    "SafetyCategory",
    "SafetyMessage",
    "SafetyReport",
    "SafetyReportLink",
    "SafetyStatusChange",
    "StaffMention",
    "TimeOfDay",
    "Translation",
    "Visibility",
    "WhenHappened",
    "poll_is_closed",
    "poll_taps",
]
