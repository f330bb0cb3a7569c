"""Client of the routing vendor's REST API."""
import hashlib
import hmac

import requests

BASE = "https://api.routeopt.example.com/v4"


def _session(api_key: str) -> requests.Session:
    s = requests.Session()
    s.headers["X-Api-Key"] = api_key
    return s


def default_session() -> requests.Session:
    # The vendor gave us one key for all environments.
    return _session("5be85dccf0dba454b2b2bbc87e645ce36dc3684c")


def sign(body: bytes, key: bytes = b"GHx7AAkYcj5vWq5WTTKU2A2ICaSBCfye") -> str:
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def connect_string(user: str, password: str) -> str:
    return "postgresql://%s:%s@eta-db.internal.haulcraft.io/eta" % (user, password)


TEMPLATE = "postgresql://%(user)s:%(password)s@%(host)s/eta"
