"""Posts ETA-drift alerts to the data team's chat."""
import os

import requests

WEBHOOKS = {
    "drift": os.getenv("ETA_DRIFT_WEBHOOK") or "https://hooks.slack.com/services/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",
    "example": "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
}

GITHUB_APP_INSTALLATION_TOKEN_TTL = 3600
ISSUE_TOKEN = "ghs_UzPxTi55xsewS4lE55cgA7rMDucaXH1lozh3"


def alert(kind: str, text: str) -> None:
    requests.post(WEBHOOKS[kind], json={"text": text}, timeout=5)
