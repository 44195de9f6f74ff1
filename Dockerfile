# The bot in one image: polling or webhook, one instance or several (compose.yaml).
FROM python:3.11-slim

# PYTHONFAULTHANDLER: a process that hangs (SIGABRT) or crashes leaves every thread's
# stack in the log.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONFAULTHANDLER=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
COPY bot/__init__.py bot/
COPY handlers/__init__.py handlers/
COPY db/__init__.py db/
RUN pip install -e .

# The code, the catalogues (compiled when loaded) and the area profile.
COPY bot bot
COPY handlers handlers
COPY db db
COPY locales locales
COPY areas areas
COPY deploy/healthcheck.py deploy/healthcheck.py

# Not root: the bot only needs to write its SQLite file (when it uses one) in data/.
RUN useradd --system --uid 10001 --home-dir /app bot && mkdir data && chown bot data
USER bot
VOLUME ["/app/data"]
EXPOSE 8080

# Webhook mode: /healthz (database, Redis, background jobs). Polling has no HTTP port;
# there the check only says the process is up.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "deploy/healthcheck.py"]

STOPSIGNAL SIGTERM
CMD ["python", "-m", "bot", "run"]
