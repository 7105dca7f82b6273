"""The API's front door, as one ASGI middleware: loopback-only without keys, bearer keys, per-key rate
limits (429 + Retry-After) and the request body limit (413). Every refusal is an OpenAI-shaped error.

Probes (``/healthz``, ``/readyz``) and the API's own description (``/docs``, ``/openapi.json``) need no key
and are not rate limited; they are still loopback-only when no key is configured.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import math
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from rag.api.errors import error_body

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

OPEN_PATHS = frozenset({"/healthz", "/readyz", "/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json"})


def is_loopback(host: str | None) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost`` (and a unix socket, which has no host)."""
    if host is None:
        return True
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class RateLimiter:
    """A token bucket per key: ``per_minute`` requests in a burst, refilled evenly over a minute."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic):
        self.per_minute = per_minute
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """0.0 when the request may go ahead, else the seconds until one token is back."""
        if self.per_minute <= 0:
            return 0.0
        rate = self.per_minute / 60.0
        now = self._clock()
        with self._lock:
            tokens, at = self._buckets.get(key, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - at) * rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / rate


class Guard:
    """ASGI middleware; see the module docstring."""

    def __init__(self, app: ASGIApp, keys: frozenset[str], rate_limit: int, max_body_bytes: int):
        self.app = app
        self.keys = keys
        self.limiter = RateLimiter(rate_limit)
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        client = scope.get("client")
        host = client[0] if client else None
        if not self.keys and not is_loopback(host):
            await _reply(send, 403, "This server has no API keys (RAG_API_KEYS), so it serves loopback clients only. "
                         "Set RAG_API_KEYS on the server and send Authorization: Bearer KEY.", "forbidden")
            return
        if path in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        key = f"addr:{host}"
        if self.keys:
            token = _bearer(scope)
            if token is None:
                await _reply(send, 401, "Missing API key: send the header Authorization: Bearer KEY "
                             "(one of the server's RAG_API_KEYS).", "invalid_api_key", auth=True)
                return
            if not any(hmac.compare_digest(token, k) for k in self.keys):
                await _reply(send, 401, "Incorrect API key: the bearer token is not one of the server's RAG_API_KEYS.",
                             "invalid_api_key", auth=True)
                return
            key = "key:" + token
        wait = self.limiter.take(key)
        if wait > 0:
            retry = max(1, math.ceil(wait))
            await _reply(send, 429, f"Rate limit reached: {self.limiter.per_minute} requests per minute "
                         f"(RAG_API_RATE_LIMIT). Retry after {retry} s.", "rate_limit_exceeded",
                         type_="requests", headers=[(b"retry-after", str(retry).encode())])
            return
        length = _content_length(scope)
        if length is not None and length > self.max_body_bytes:
            await self._too_large(send)
            return
        await self._call_limited(scope, receive, send)

    async def _call_limited(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app, counting body bytes as they arrive (a chunked body has no Content-Length).

        Past the limit the 413 is sent here, the app is told the client went away, and whatever
        the app answers after that is dropped.
        """
        received = 0
        started = refused = False

        async def counting_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    refused = True
                    if not started:
                        await self._too_large(send)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not refused:  # the 413 is already sent; the app's failure to read the body is expected
                raise

    async def _too_large(self, send: Send) -> None:
        mb = self.max_body_bytes / 1024 / 1024
        await _reply(send, 413, f"The request body is over the {mb:g} MB limit (RAG_API_MAX_BODY_MB): "
                     "send a smaller body (split large documents).", "request_too_large")


def _bearer(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
            return None
    return None


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _reply(
    send: Send, status: int, message: str, code: str, *, type_: str = "invalid_request_error", auth: bool = False,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    body = json.dumps(error_body(message, type_, code)).encode()
    head = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *(headers or [])]
    if auth:
        head.append((b"www-authenticate", b'Bearer realm="roadmap-mentor"'))
    await send({"type": "http.response.start", "status": status, "headers": head})
    await send({"type": "http.response.body", "body": body})
