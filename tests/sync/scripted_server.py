"""A scripted HTTP server on loopback for transport tests: answers come from a queue, requests are recorded.

Not a fake of head office (the end-to-end tests use the real one): it plays exact status codes, headers
and cuts that are hard to provoke from the real server on demand.
"""

from __future__ import annotations

import gzip
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Answer:
    status: int = 200
    body: Any = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    close: bool = False           # drop the connection without answering


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes                   # decoded (gunzipped) body


class ScriptedServer:
    def __init__(self) -> None:
        self.answers: list[Answer] = []
        self.default = Answer()
        self.seen: list[Seen] = []
        self.raw_bytes = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                server.raw_bytes += len(raw)
                body = gzip.decompress(raw) if self.headers.get("Content-Encoding") == "gzip" else raw
                server.seen.append(Seen(self.command, self.path, dict(self.headers), body))
                answer = server.answers.pop(0) if server.answers else server.default
                if answer.close:
                    self.close_connection = True
                    self.connection.close()
                    return
                payload = answer.body if isinstance(answer.body, bytes) else json.dumps(answer.body).encode()
                self.send_response(answer.status)
                for key, value in answer.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> ScriptedServer:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
