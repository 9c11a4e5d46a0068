"""Worker processes for the pure, per-article part of the pipeline.

Small batches run inline (starting a process costs more than it saves); large ones go to a
process pool started on first use. `workers=0` keeps everything in this process.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

MIN_PARALLEL = 100  # documents in a batch below which a batch is prepared inline


class Preparer:
    """Runs `fn(items, extra)` on batches, in a process pool when it pays."""

    def __init__(self, fn: Callable[[list[Any], list[Any]], Any], workers: int) -> None:
        self.fn = fn
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None

    def submit(self, items: list[Any], extra: list[Any]) -> Callable[[], Any]:
        """Start preparing a batch; return a function that waits for and gives its result."""
        if self.workers <= 0 or len(items) < MIN_PARALLEL:
            result = self.fn(items, extra)
            return lambda: result
        pool = self._pool()
        n = self.workers
        step = -(-len(items) // n)
        futures: list[Future[Any]] = [
            pool.submit(self.fn, items[i : i + step], extra[i : i + step])
            for i in range(0, len(items), step)]
        return lambda: _gather([f.result() for f in futures])

    def _pool(self) -> ProcessPoolExecutor:
        if self.pool is None:
            # fork (Linux) starts at once and does not re-run the caller's __main__ module;
            # elsewhere spawn is the safe choice (scripts then need an `if __name__` guard).
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            self.pool = ProcessPoolExecutor(self.workers,
                                            mp_context=multiprocessing.get_context(method))
        return self.pool

    def __enter__(self) -> Preparer:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=exc[0] is None, cancel_futures=True)


def _gather(parts: list[tuple[list[Any], list[Any]]]) -> tuple[list[Any], list[Any]]:
    ready: list[Any] = []
    rejected: list[Any] = []
    for a, b in parts:
        ready += a
        rejected += b
    return ready, rejected
