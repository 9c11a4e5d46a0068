"""What a batch run of the CLI tells its user: whether it failed, what it skipped, how far it got.

An input that cannot be read at all (a missing, empty or binary file, a file not in its format,
a damaged zip member, a feed that cannot be fetched) fails the run; a record skipped inside a
readable input (a JSON item without text, a line that is not JSON) is reported, not a failure,
unless the user asks for `strict`. A Rejection says which it is (`record`); where it does not,
readers name records "FILE:line N", "FILE:item N" or "FILE:record N" (see `marsad.sources`),
and anything else names a whole input.

A run stopped by Ctrl-C or SIGTERM says how far it got: each batch is stored in one transaction,
so stopping anywhere keeps every batch stored so far, and running the same command again
finishes the work.
"""

from __future__ import annotations

import re
import signal
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import TYPE_CHECKING

from marsad.model import Rejection

if TYPE_CHECKING:
    from marsad.pipeline import ExtractReport, IngestReport

_RECORD = re.compile(r":(?:line|item|record) \d+$")
SHOWN_ORIGINS = 3  # origins shown for each reason in the summary
SHOWN_REASONS = 5  # reasons shown in the summary, most frequent first


def unreadable(rejection: Rejection) -> bool:
    """Whether `rejection` is of a whole input that could not be read, rather than of one record
    skipped inside a readable input.

    >>> unreadable(Rejection("day.zip:member day.json:item 7", "no article text"))
    False
    >>> unreadable(Rejection("day.zip", "not a valid zip file"))
    True
    >>> unreadable(Rejection("page.html", "all boilerplate", record=True))
    False
    """
    if rejection.record is not None:
        return not rejection.record
    return _RECORD.search(rejection.origin) is None


def exit_code(rejections: Iterable[Rejection], *, strict: bool = False) -> int:
    """1 if an input could not be read (or, when `strict`, anything was rejected), else 0."""
    return int(any(strict or unreadable(r) for r in rejections))


def skipped_summary(skipped: list[Rejection]) -> list[str]:
    """Lines that sum up the records skipped: how many, then each reason (the most frequent
    first) with how many records it skipped and the first few of them; [] when none was."""
    if not skipped:
        return []
    by_reason: defaultdict[str, list[str]] = defaultdict(list)
    for r in skipped:
        by_reason[r.reason].append(r.origin)
    counts = Counter({reason: len(origins) for reason, origins in by_reason.items()})
    kinds = f"{len(counts)} reason{'s' if len(counts) > 1 else ''}"
    lines = [f"{len(skipped):,} record{'s' if len(skipped) > 1 else ''} skipped ({kinds}), "
             "not an error (--strict makes it one; --verbose lists each):"]
    for reason, n in counts.most_common(SHOWN_REASONS):
        origins = by_reason[reason]
        more = ", …" if n > SHOWN_ORIGINS else ""
        lines.append(f"  {n:,} × {reason}: {', '.join(origins[:SHOWN_ORIGINS])}{more}")
    if len(counts) > SHOWN_REASONS:
        rest = sum(n for _, n in counts.most_common()[SHOWN_REASONS:])
        lines.append(f"  {rest:,} more for {len(counts) - SHOWN_REASONS} other reasons")
    return lines


class LogTicker:
    """Emits a progress line at most every `every` seconds, the first one `every` seconds after
    it is made: a log shows how far a long run got, and a short run shows nothing."""

    def __init__(self, emit: Callable[[str], None], every: float = 5.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if every <= 0:
            raise ValueError(f"every must be a positive number of seconds, not {every}")
        self.emit, self.every, self.clock = emit, every, clock
        self.last = clock()

    def __call__(self, line: Callable[[], str]) -> None:
        """Emit `line()` if `every` seconds have passed since the last line (or the start)."""
        now = self.clock()
        if now - self.last >= self.every:
            self.last = now
            self.emit(line())


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread as Ctrl-C raises KeyboardInterrupt."""


@contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """Within: SIGTERM raises Terminated, so that a run stopped by `kill` or a service manager
    ends as one stopped by Ctrl-C (outside the main thread, where no handler can be set:
    nothing changes)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@dataclass(slots=True)
class Reached:
    """How far a run got: the reports its progress callbacks were last given (live objects,
    updated by the pipeline as it goes)."""

    ingest: IngestReport | None = None
    extract: ExtractReport | None = None
    extracting: bool = False  # extraction started (its first report comes after a batch)

    def interrupted(self, signal_name: str | None = None,
                    rerun: str = "run the same command again to finish") -> str:
        """The message of a run stopped by Ctrl-C (or by `signal_name`): how far it got, and
        that running it again (`rerun`) finishes it."""
        done = []
        if self.ingest is not None:
            done.append(f"{self.ingest.read:,} articles read, {self.ingest.stored:,} stored")
        if self.extract is not None:
            done.append(f"{self.extract.articles:,} of {self.extract.backlog:,} articles "
                        "extracted")
        parts = [f"after {' and '.join(done)}"] if done else []
        if self.extracting and self.extract is None:
            parts.append("before extraction stored its first batch")
        how = f"interrupted ({signal_name})" if signal_name else "interrupted"
        return (f"{' '.join([how, ', '.join(parts)]).strip()}: every batch stored so far is "
                f"kept; {rerun}")
