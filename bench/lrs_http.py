"""A minimal, low-overhead HTTP/1.1 client for the LRS benchmark (the load generator shares the machine's
two cores with the server, so it must cost little): one persistent connection, reopened when the server
closes it, bodies sent as prepared bytes.
"""

from __future__ import annotations

import base64
import http.client
import time


class Http:
    def __init__(self, host: str, port: int, user: str, password: str, version: str = "1.0.3") -> None:
        self.host, self.port = host, port
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        self.headers = {"Authorization": f"Basic {token}", "X-Experience-API-Version": version}
        self.conn: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, body: bytes | None = None, content_type: str = "application/json"
    ) -> tuple[int, bytes, float]:
        """(status, body, seconds). Retries once on a connection the server had already closed."""
        headers = dict(self.headers)
        if body is not None:
            headers["Content-Type"] = content_type
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=300)
            started = time.perf_counter()
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
            except (http.client.HTTPException, ConnectionError, OSError):
                self.close()
                if attempt == 2:
                    raise
                continue
            elapsed = time.perf_counter() - started
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, data, elapsed
        raise RuntimeError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None
