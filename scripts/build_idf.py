"""Learn the document-frequency prior shipped in marsad/stories/data/df_prior.bin.

Counts, over the SaudiNewsNet articles (../shared/data/saudinewsnet), in how many articles each
hashed stem occurs. Only document frequencies of hashed buckets are shipped, never text.

    .venv/bin/python scripts/build_idf.py [--data ../shared/data/saudinewsnet]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from marsad import sources
from marsad.arabic import normalize, words
from marsad.model import RawDocument
from marsad.stories.features import DocFreq, feature_tokens, term_counts

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "marsad" / "stories" / "data" / "df_prior.bin"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/saudinewsnet")
    parser.add_argument("--min-df", type=int, default=2, help="drop buckets rarer than this")
    args = parser.parse_args()
    df = DocFreq.empty()
    batch: list[list[str]] = []
    for item in sources.read(sorted(args.data.glob("*.zip"))):
        if isinstance(item, RawDocument):
            batch.append(feature_tokens(normalize(item.title or ""), words(normalize(item.text))))
        if len(batch) >= 2000:
            df.add(term_counts(batch))
            batch = []
    if batch:
        df.add(term_counts(batch))
    df.df[df.df < args.min_df] = 0
    OUT.write_bytes(df.to_bytes())
    print(f"{df.n_docs} documents, {int((df.df > 0).sum())} buckets -> {OUT} "
          f"({OUT.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
