"""Running more than one process: what instances share (Redis, PostgreSQL) and what keeps
a second instance from doing the same work twice.

    redis_state    conversations (FSM) and per-resident event isolation in Redis
    shared_rate    the broadcast rate limit, one token schedule for every instance
    job_leases     a background job runs on one instance at a time
    sqlite_lock    SQLite has one writer: a second instance on the same file is refused
"""
