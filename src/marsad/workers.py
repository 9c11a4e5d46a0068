"""Worker processes for the pure, per-article part of the pipeline.

Small batches run inline (starting a process costs more than it saves); large ones go to a
process pool started on first use. `workers=0` keeps everything in this process.

The workers belong to the process that started them: on Linux the kernel kills them when it
dies, however it dies (kill -9 too); they ignore Ctrl-C, which the parent handles once; and when
the parent stops on an error or an interruption, it kills them rather than wait for their
current batch, whose result is lost anyway.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

MIN_PARALLEL = 100  # documents in a batch below which a batch is prepared inline
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


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
        with _signals_deferred():  # the first submit forks the workers
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
                                            mp_context=multiprocessing.get_context(method),
                                            initializer=_start_worker, initargs=(os.getpid(),))
        return self.pool

    def __enter__(self) -> Preparer:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is None:
            return
        if exc[0] is not None:
            _kill_workers(self.pool)
        self.pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Within: Ctrl-C and SIGTERM are held, then raised on leaving. Python drops an exception
    raised in its at-fork hooks (logging has one), so a Ctrl-C landing while the pool forks
    would be lost and the run go on. Outside the main thread nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    previous = {s: signal.signal(s, lambda n, _: held.append(n))
                for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if held:
            signal.raise_signal(held[0])


def _start_worker(parent: int) -> None:
    """In a new worker: die with `parent`, and leave Ctrl-C and SIGTERM to it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a terminal sends it to every process
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a fork inherits the parent's handlers
    # The kernel sends the signal when the *thread* that forked ends, not the process: fine,
    # since a pool is made, used and shut down within one call (Preparer's `with` block).
    if sys.platform == "linux":  # elsewhere a worker outlives a killed parent (no such call)
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # it died before prctl took effect
        os._exit(1)


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now; the pool then sees them gone and shuts down without waiting."""
    kill = getattr(pool, "kill_workers", None)  # Python 3.14
    if kill is not None:
        kill()
        return
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        if proc.is_alive():
            proc.kill()


def _gather(parts: list[tuple[list[Any], list[Any]]]) -> tuple[list[Any], list[Any]]:
    ready: list[Any] = []
    rejected: list[Any] = []
    for a, b in parts:
        ready += a
        rejected += b
    return ready, rejected
