"""Time the brief of the largest storylines and events of a store (issue 14: a 100-article
storyline in 1 s or less).

    .venv/bin/python bench/brief_speed.py --db news.db [--storylines 5] [--events 5] [--runs 3]

For each story, one line: its kind, id and articles (copies included), then three medians over
`--runs` runs, in seconds:

- `cli`: the whole command `marsad brief ID --db STORE` (md to /dev/null) as a user runs it, a
  new process each time (interpreter start, imports, reading the store, the brief, markdown);
- `first`: `Observatory.brief(ID)` in a process that has imported `marsad.brief` but has not
  briefed anything yet (the store read and the brief, one-time table and regex set-up included);
- `warm`: the same call again in that process.

The first line gives the import part alone: `python -c "import marsad.cli.brief, marsad.brief,
marsad.timeline"` (median wall of `--runs` processes), the share of `cli` that is not the
brief's own work.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

MARSAD = Path(sys.executable).with_name("marsad")
FIRST = """
import sys, time, marsad, marsad.brief, marsad.timeline
with marsad.open(sys.argv[1], readonly=True) as obs:
    t = time.perf_counter(); obs.brief(sys.argv[2]); first = time.perf_counter() - t
    t = time.perf_counter(); obs.brief(sys.argv[2]); warm = time.perf_counter() - t
print(first, warm)
"""


def _wall(args: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def _stories(db: str, storylines: int, events: int) -> list[tuple[str, str, int]]:
    import marsad

    with marsad.open(db, readonly=True) as obs:
        out = [("storyline", s.id, s.size) for s in obs.storylines(min_events=1,
                                                                   limit=storylines)]
        out += [("event", e.id, e.size) for e in obs.events(limit=events)]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="the store (read only)")
    parser.add_argument("--storylines", type=int, default=5, help="largest storylines timed")
    parser.add_argument("--events", type=int, default=5, help="largest events timed")
    parser.add_argument("--runs", type=int, default=3, help="runs per story (median)")
    args = parser.parse_args(argv)
    imports = [_wall([sys.executable, "-c", "import marsad.cli.brief, marsad.brief, "
                      "marsad.timeline"]) for _ in range(args.runs)]
    print(f"imports {statistics.median(imports):.2f} s (python -c 'import marsad.cli.brief, "
          "marsad.brief, marsad.timeline')")
    print(f"{'kind':9} {'id':17} {'articles':>8} {'cli':>6} {'first':>6} {'warm':>6}")
    for kind, id_, size in _stories(args.db, args.storylines, args.events):
        cli = [_wall([str(MARSAD), "brief", id_, "--db", args.db]) for _ in range(args.runs)]
        inproc = [subprocess.run([sys.executable, "-c", FIRST, args.db, id_], check=True,
                                 capture_output=True, text=True).stdout.split()
                  for _ in range(args.runs)]
        first = statistics.median(float(r[0]) for r in inproc)
        warm = statistics.median(float(r[1]) for r in inproc)
        print(f"{kind:9} {id_:17} {size:8} {statistics.median(cli):6.2f} {first:6.2f} "
              f"{warm:6.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
