"""Benchmark: page-load and search latency of ``storytrace serve`` under 20 concurrent clients.

Usage: python benchmarks/server.py [--data examples/ukraine-2022] [--articles 2000]
                                   [--clients 20] [--requests 400]

A store of ``--articles`` articles is made by resampling the example articles
(each copy with a distinct first line; articles and flags only, no analysis
sections). ``storytrace serve`` and, side by side, Datasette (the peer: the
usual way to browse a SQLite store) serve the same file on 127.0.0.1; 20
asyncio clients send a bounded number of requests of each kind:

- page: the article list (a page of 25) and one article page, in HTML;
- search: full-text search as JSON (FTS5 in both).

Latencies are wall-clock per request at the client (p50/p95, ms); the last
line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _resample import EXAMPLES
from storytrace import add, open_store
from storytrace.articles import content_hash


def build_store(data: Path, n: int, db: Path) -> tuple[list[str], list[str]]:
    """A store of ``n`` resampled articles; returns their ids and search words."""
    base_db = db.with_name("base.db")
    add([str(data)], base_db)
    base = open_store(base_db)
    arts = list(base.iter_articles())
    base.close()
    store = open_store(db)
    ids = []
    for i in range(n):
        a = arts[i % len(arts)]
        text = f"Dispatch {i}. {a.text}"
        h = content_hash(text)
        copy = replace(a, id=h[:12], text=text, content_hash=h, url=None, flags=list(a.flags))
        store.add_article(copy)
        ids.append(copy.id)
    store.close()
    words = Counter(w for a in arts for w in re.findall(r"\b[A-Z][a-z]{4,}\b", a.text))
    return ids, [w for w, _ in words.most_common(30)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(cmd: list[str], url: str) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"server did not start: {' '.join(cmd)}\n{proc.stderr.read().decode() if proc.stderr else ''}")


async def load(base: str, urls: list[str], clients: int) -> dict[str, float]:
    """Send ``urls`` with ``clients`` concurrent workers; latency percentiles in ms."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for u in urls:
        queue.put_nowait(u)
    lat: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while not queue.empty():
            u = queue.get_nowait()
            t = time.perf_counter()
            try:
                r = await client.get(u)
                r.raise_for_status()
                _ = r.content
            except httpx.HTTPError:
                errors += 1
                continue
            lat.append((time.perf_counter() - t) * 1000)

    t0 = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        await asyncio.gather(*(worker(client) for _ in range(clients)))
    wall = time.perf_counter() - t0
    lat.sort()
    return {"requests": len(urls), "errors": errors,
            "p50_ms": round(statistics.median(lat), 1) if lat else None,
            "p95_ms": round(lat[int(len(lat) * 0.95) - 1], 1) if lat else None,
            "rps": round(len(lat) / wall, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=EXAMPLES, help="folder of articles to resample")
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=400, help="requests per kind and server")
    ap.add_argument("--no-peer", action="store_true", help="skip Datasette")
    args = ap.parse_args()
    rng = random.Random(7)
    bindir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t = time.perf_counter()
        ids, words = build_store(args.data, args.articles, db)
        print(f"store of {len(ids)} articles built in {time.perf_counter() - t:.1f}s", file=sys.stderr)
        pages = max(1, len(ids) // 25)
        kinds = {
            "storytrace": {
                "cmd": [str(bindir / "storytrace"), "serve", "--db", str(db), "--port", "{port}"],
                "ready": "/api/overview",
                "page": lambda: rng.choice([f"/articles?page={rng.randint(1, pages)}",
                                            f"/articles/{rng.choice(ids)}"]),
                "search": lambda: f"/api/search?q={rng.choice(words)}&per_page=20",
            },
            "datasette": {
                "cmd": [str(bindir / "datasette"), "serve", str(db), "-p", "{port}",
                        "--setting", "num_sql_threads", "3", "--setting", "suggest_facets", "off"],
                "ready": "/bench.json",
                "page": lambda: rng.choice([f"/bench/articles?_size=25&_sort=seq&seq__gt={rng.randint(0, len(ids) - 25)}",
                                            f"/bench/articles/{rng.choice(ids)}"]),
                "search": lambda: (f"/bench/articles.json?_search={rng.choice(words)}&_size=20"
                                   "&_fts_table=articles_fts&_fts_pk=seq&_shape=objects"),
            },
        }
        if args.no_peer:
            kinds.pop("datasette")
        out: dict[str, object] = {}
        for name, k in kinds.items():
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            proc = start([c.replace("{port}", str(port)) for c in k["cmd"]], base + k["ready"])
            try:
                res = {}
                for kind in ("page", "search"):
                    urls = [k[kind]() for _ in range(args.requests)]
                    asyncio.run(load(base, urls[:20], args.clients))  # warm up
                    res[kind] = asyncio.run(load(base, urls, args.clients))
                    print(f"{name} {kind}: {res[kind]}", file=sys.stderr)
                out[name] = res
            finally:
                proc.terminate()
                proc.wait(10)
        if "datasette" in out:
            ours, peer = out["storytrace"], out["datasette"]
            out["ratios_storytrace_over_datasette"] = {
                f"{kind}_{m}": round(ours[kind][m] / peer[kind][m], 2)  # type: ignore[index]
                for kind in ("page", "search") for m in ("p50_ms", "p95_ms")}
    print(json.dumps({"benchmark": "server", "data": str(args.data), "articles": args.articles,
                      "clients": args.clients, "requests_per_kind": args.requests,
                      "cpus": os.cpu_count(), **out}))


if __name__ == "__main__":
    main()
