"""ASGI guards in front of the API: protocol version, body-size limit and gzip request bodies.

Pure ASGI (not BaseHTTPMiddleware) so a refused request never reaches a route and bodies are read once.
"""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from ..domain.errors import FieldappError
from ..sync.protocol import API_PREFIX, PROTOCOL_HEADER, PROTOCOL_VERSION

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
log = logging.getLogger("fieldapp.server")


async def send_error(send: Send, status: int, code: str, lang: str = "en") -> None:
    body = json.dumps({"code": code, "message": FieldappError(code).message(lang)}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


class RequestGuard:
    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self._guarded(scope, receive, tracked)
        except Exception as exc:  # noqa: BLE001 - the last line of defence: a JSON 500, no traceback in logs
            log.error("unhandled %s on %s %s", type(exc).__name__, scope.get("method"), scope.get("path"))
            if not started:
                await send_error(send, 500, "server.error")

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not scope["path"].startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return
        lang = "ar" if (_header(scope, b"accept-language") or "").lower().startswith("ar") else "en"
        if _header(scope, PROTOCOL_HEADER.lower().encode()) != str(PROTOCOL_VERSION):
            await send_error(send, 426, "protocol.version", lang)
            return
        length = _header(scope, b"content-length")
        if length and (not length.isdigit() or int(length) > self.max_body):
            await send_error(send, 413, "request.too_large", lang)
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.max_body:
                await send_error(send, 413, "request.too_large", lang)
                return
        encoding = (_header(scope, b"content-encoding") or "").lower().strip()
        if encoding == "gzip":
            try:
                decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
                data = decoder.decompress(bytes(body), self.max_body + 1)
                if len(data) > self.max_body or decoder.unconsumed_tail:
                    await send_error(send, 413, "request.too_large", lang)
                    return
            except zlib.error:
                await send_error(send, 400, "request.bad_encoding", lang)
                return
            body = bytearray(data)
            headers = [(k, v) for k, v in scope["headers"] if k.lower() not in (b"content-encoding", b"content-length")]
            scope = {**scope, "headers": [*headers, (b"content-length", str(len(body)).encode())]}
        elif encoding not in ("", "identity"):
            await send_error(send, 415, "request.bad_encoding", lang)
            return
        await self.app(scope, _replay(bytes(body), receive), send)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
