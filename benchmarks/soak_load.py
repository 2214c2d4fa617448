"""The soak's clients, run as a process of their own: a mix of reads and writes.

``python -m benchmarks.soak_load URL SECONDS CLIENTS`` reads its plan as JSON from stdin
({"token", "reads": [paths], "write": path, "body": {...}, "read_share": 0.8}) and keeps
CLIENTS keep-alive connections (a thread each) busy for SECONDS: each request is a read
of one of the paths, or, one time in five, a write of the body with a marker of its own
in ``comment`` and an ``Idempotency-Key``. It prints JSON: requests, seconds, the
latencies' p50 and p99 in ms, answers by status, and the id and marker of every write
the server acknowledged (2xx), for the soak to look for in the log.
"""

from __future__ import annotations

import http.client
import json
import random
import statistics
import sys
import threading
import time
from collections import Counter
from typing import Any
from urllib.parse import urlsplit


def client(url: str, plan: dict[str, Any], number: int, until: float, out: dict[str, Any],
           lock: threading.Lock) -> None:  # fmt: skip
    """One client's loop until the deadline."""
    address = urlsplit(url)
    rng = random.Random(number)  # nosec B311 (a load mix, not a secret)
    headers = {"Authorization": f"Bearer {plan['token']}", "Content-Type": "application/json"}
    conn = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    acknowledged: list[tuple[str, str]] = []
    sent = 0
    while time.perf_counter() < until:
        sent += 1
        writing = rng.random() >= plan["read_share"]
        marker = f"soak {number}-{sent}"
        began = time.perf_counter()
        try:
            if writing:
                body = json.dumps({**plan["body"], "comment": marker})
                conn.request("POST", plan["write"], body=body,
                             headers={**headers, "Idempotency-Key": marker})  # fmt: skip
            else:
                conn.request("GET", rng.choice(plan["reads"]), headers=headers)
            response = conn.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            statuses[f"connection: {type(error).__name__}"] += 1
            conn.close()
            conn = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
            continue
        latencies.append((time.perf_counter() - began) * 1000)
        statuses[str(response.status)] += 1
        if writing and 200 <= response.status < 300:
            acknowledged.append((json.loads(content)["id"], marker))
    conn.close()
    with lock:
        out["latencies"] += latencies
        out["statuses"].update(statuses)
        out["acknowledged"] += acknowledged


def main() -> None:
    url, seconds, clients = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    plan = json.load(sys.stdin)
    out: dict[str, Any] = {"latencies": [], "statuses": Counter(), "acknowledged": []}
    lock = threading.Lock()
    began = time.perf_counter()
    threads = [
        threading.Thread(target=client, args=(url, plan, n, began + seconds, out, lock))
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies = sorted(out["latencies"]) or [0.0]
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    print(json.dumps({
        "requests": len(out["latencies"]),
        "seconds": time.perf_counter() - began,
        "p50_ms": cuts[49],
        "p99_ms": cuts[98],
        "statuses": dict(out["statuses"]),
        "acknowledged": out["acknowledged"],
    }))  # fmt: skip


if __name__ == "__main__":
    main()
