"""A load generator run as a process of its own: POST one body again and again.

``python -m benchmarks.load URL PATH SECONDS CONNECTIONS`` reads the body and headers as
JSON from stdin ({"body": "...", "headers": {...}}), keeps CONNECTIONS keep-alive
connections busy (a thread each) for SECONDS, and prints JSON: requests answered 2xx,
failures by status, and the seconds taken.
"""

from __future__ import annotations

import http.client
import json
import sys
import threading
import time
from collections import Counter
from urllib.parse import urlsplit


def hammer(url: str, path: str, body: str, headers: dict[str, str], until: float,
           done: Counter[str], lock: threading.Lock) -> None:  # fmt: skip
    """One connection's loop until the deadline."""
    address = urlsplit(url)
    conn = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    tally: Counter[str] = Counter()
    while time.perf_counter() < until:
        try:
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
            if 200 <= response.status < 300:
                tally["ok"] += 1
            else:
                tally[f"{response.status}: {content[:120]!r}"] += 1
        except (OSError, http.client.HTTPException) as error:
            tally[f"connection: {error}"] += 1
            conn.close()
            conn = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    conn.close()
    with lock:
        done.update(tally)


def main() -> None:
    url, path, seconds, connections = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
    request = json.load(sys.stdin)
    done: Counter[str] = Counter()
    lock = threading.Lock()
    began = time.perf_counter()
    threads = [
        threading.Thread(
            target=hammer,
            args=(url, path, request["body"], request["headers"], began + seconds, done, lock),
        )
        for _ in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ok = done.pop("ok", 0)
    print(json.dumps({"ok": ok, "failed": dict(done), "seconds": time.perf_counter() - began}))


if __name__ == "__main__":
    main()
