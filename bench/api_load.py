"""Load on a running `marsad serve`: N concurrent clients for T seconds on /api/search and then on
/api/storylines/{id}; requests/s, p50/p95/p99 latency and errors of each.

    .venv/bin/marsad serve --db STORE --port 8000 &
    .venv/bin/python bench/api_load.py --url http://127.0.0.1:8000 --db STORE \
        [--clients 50] [--seconds 30] [--queries bench/search_queries.json] [--stories 200]

Each client is an asyncio task on its own keep-alive connection that sends its next request as
soon as the last answer is read (a closed loop, no think time), without If-None-Match: every
request runs its handler. The queries are those of bench/search_queries.json with their spelling
variants; the storylines are the `--stories` largest of the store (the heaviest pages), read
through the store's own Reader. The client speaks HTTP/1.1 over asyncio streams itself rather
than through httpx: on a machine of two cores shared by server and client, a lighter client
leaves the server more of the CPU. Not a test: timings on a shared machine vary.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1


async def _request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str,
                   path: str) -> int:
    """Send one GET and read its whole answer; return the status."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\r\n"
                 .encode("ascii"))
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next((int(v) for k, _, v in (line.partition(":") for line in lines[1:])
                   if k.lower() == "content-length"), 0)
    await reader.readexactly(length)
    return status


async def _client(url: str, paths: list[str], until: float, tally: Tally, seed: int) -> None:
    parts = urlsplit(url)
    rng = random.Random(seed)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
    try:
        while time.perf_counter() < until:
            path = rng.choice(paths)
            start = time.perf_counter()
            try:
                status = await _request(reader, writer, parts.netloc, path)
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                tally.error(type(exc).__name__)
                writer.close()
                reader, writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
                continue
            tally.latencies.append(time.perf_counter() - start)
            if status != 200:
                tally.error(f"HTTP {status}")
    finally:
        writer.close()


async def run(url: str, paths: list[str], clients: int, seconds: float) -> tuple[Tally, float]:
    tally = Tally()
    start = time.perf_counter()
    await asyncio.gather(*(_client(url, paths, start + seconds, tally, n)
                           for n in range(clients)))
    return tally, time.perf_counter() - start


def report(name: str, tally: Tally, elapsed: float) -> str:
    lat = sorted(tally.latencies)
    if not lat:
        return f"{name}: no answer ({tally.errors})"
    q = statistics.quantiles(lat, n=100, method="inclusive")
    errors = sum(tally.errors.values())
    return (f"{name}: {len(lat):,} requests in {elapsed:.1f} s = {len(lat) / elapsed:,.0f}/s · "
            f"p50 {q[49] * 1e3:.1f} ms · p95 {q[94] * 1e3:.1f} ms · p99 {q[98] * 1e3:.1f} ms · "
            f"max {lat[-1] * 1e3:.0f} ms · errors {errors}"
            + (f" {tally.errors}" if errors else ""))


def search_paths(queries: Path) -> list[str]:
    spec = json.loads(queries.read_text(encoding="utf-8"))["queries"]
    texts = [t for q in spec for t in (q["query"], *q.get("variants", []))]
    return [f"/api/search?q={quote(t, safe='')}" for t in texts]


def storyline_paths(db: str, n: int) -> list[str]:
    from marsad.store import open_reader

    with open_reader(db) as reader:
        page = reader.storyline_page(limit=n)
    return [f"/api/storylines/{s.id}" for s in page.items]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--db", required=True, help="The store the server serves (for ids).")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--queries", type=Path, default=ROOT / "bench" / "search_queries.json")
    parser.add_argument("--stories", type=int, default=200)
    args = parser.parse_args()
    scenarios = {"/api/search": search_paths(args.queries),
                 "/api/storylines/{id}": storyline_paths(args.db, args.stories)}
    print("$ " + " ".join(["python", *sys.argv]))
    for name, paths in scenarios.items():
        asyncio.run(run(args.url, paths, 4, 2.0))  # warm the page cache and the threads
        tally, elapsed = asyncio.run(run(args.url, paths, args.clients, args.seconds))
        print(f"{report(name, tally, elapsed)} ({len(paths)} distinct paths, "
              f"{args.clients} clients)", flush=True)


if __name__ == "__main__":
    main()
