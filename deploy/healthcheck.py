"""Docker's health check: in webhook mode, ask this instance's /healthz."""

import os
import sys
import urllib.error
import urllib.request

if not os.environ.get("WEBHOOK_URL"):
    sys.exit(0)  # polling: no HTTP server to ask; Docker watches the process itself
port = os.environ.get("WEBHOOK_LISTEN", "0.0.0.0:8080").rpartition(":")[2]
try:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=4) as answer:
        sys.exit(0 if answer.status == 200 else 1)
except (urllib.error.URLError, OSError):
    sys.exit(1)
