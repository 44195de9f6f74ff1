"""Who runs a background job now: one row per job, held by one instance until it expires.

Several instances run the same loops (poll closing, retention, the outbox); a round runs
only on the instance holding its job's lease, so two never send the same results or the
same alert. A killed instance's lease simply runs out.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base

__all__ = ["JobLease"]


class JobLease(Base):
    __tablename__ = "job_leases"

    job: Mapped[str] = mapped_column(String(32), primary_key=True)
    # A random id per process; it says nothing about the machine or anyone.
    holder: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime]
