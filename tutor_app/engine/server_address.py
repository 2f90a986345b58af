"""Where the class's model server is, and its key: checked as the untrusted input they are.

Only http and https, no credentials in the address, a key of visible ASCII only. Light (no HTTP
library), so that the window can check what it is given before anything heavy loads.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from dataclasses import dataclass, field

from tutor_app.errors import TutorError

API_KEY_ENV = "TUTOR_APP_API_KEY"
SERVER_ENV = "TUTOR_APP_SERVER"
# A reply is cut off when nothing arrives for this long (the first piece may take a while on a
# busy server: it reads the whole prompt first).
DEFAULT_STALL_SECONDS = 60.0
CONNECT_SECONDS = 5.0
_MAX_URL = 2048
_MAX_KEY = 512


class ServerError(TutorError):
    """The model server cannot be used: unreachable, refused the key, lacks the model."""


class ServerUnreachable(ServerError):
    """Nothing answers at the server's address, or it stopped answering."""


class ServerRefusedKey(ServerError):
    """The server answered 401 or 403: the API key is missing or wrong."""


class ServerModelMissing(ServerError):
    """The server does not offer the model asked for."""


def check_server_url(text: str) -> str:
    """The server's API base (ending in /v1) from an address a user typed; refuse anything
    but a plain http or https address."""
    address = (text or "").strip()
    if not address:
        raise ServerError("Type the model server's address, such as http://192.168.1.20:8080.")
    if len(address) > _MAX_URL or any(ord(c) < 33 or ord(c) == 127 for c in address):
        raise ServerError("The server address has spaces or control characters in it.")
    if "://" not in address:
        scheme = re.match(r"([A-Za-z][\w+.-]*):(?!\d)", address)
        if scheme:  # mailto:…, javascript:…; but teacher-pc:8080 is a computer and a port
            raise ServerError(
                f"The server address must start with http:// or https://, not {scheme[1]}:."
            )
        address = "http://" + address
    parts = urllib.parse.urlsplit(address)
    if parts.scheme.lower() not in ("http", "https"):
        raise ServerError(
            f"The server address must start with http:// or https://, not {parts.scheme}://."
        )
    if parts.username is not None or parts.password is not None:
        raise ServerError("Put the API key in the key field, not in the server address.")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        raise ServerError("The server address has a port that is not a number.") from None
    if not host:
        raise ServerError("The server address has no computer name or IP address in it.")
    if parts.query or parts.fragment:
        raise ServerError("The server address cannot have ? or # in it.")
    path = parts.path.rstrip("/")
    if not path.endswith("/v1"):
        path += "/v1"
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    return urllib.parse.urlunsplit((parts.scheme.lower(), netloc, path, "", ""))


def check_api_key(text: str | None) -> str | None:
    """The API key as typed, or None when there is none; refuse what cannot go in a header."""
    key = (text or "").strip()
    if not key:
        return None
    if len(key) > _MAX_KEY or not all(33 <= ord(c) < 127 for c in key):
        raise ServerError("The API key can only hold letters, digits and punctuation, no spaces.")
    return key


@dataclass(frozen=True)
class ServerSettings:
    """Where the class's model server is, its key, and which of its models to use."""

    url: str
    api_key: str | None = field(default=None, repr=False)
    model: str | None = None
    stall_seconds: float = DEFAULT_STALL_SECONDS

    @classmethod
    def checked(
        cls,
        url: str,
        api_key: str | None = None,
        model: str | None = None,
        stall_seconds: float = DEFAULT_STALL_SECONDS,
    ) -> ServerSettings:
        """Settings from untrusted text, each part checked."""
        name = (model or "").strip() or None
        if name is not None and (len(name) > 256 or not name.isprintable()):
            raise ServerError("The model name on the server has characters it cannot have.")
        return cls(check_server_url(url), check_api_key(api_key), name, float(stall_seconds))

    @property
    def host(self) -> str:
        """The server's address as shown to the user (no path)."""
        return urllib.parse.urlsplit(self.url).netloc


def configured_server(
    url: str | None, api_key: str | None = None, model: str | None = None
) -> ServerSettings | None:
    """The server named by --server (or $TUTOR_APP_SERVER) and its key (--api-key or
    $TUTOR_APP_API_KEY), checked; None when no server is named."""
    url = url or os.environ.get(SERVER_ENV) or None
    if url is None:
        return None
    return ServerSettings.checked(url, api_key or os.environ.get(API_KEY_ENV), model)
