"""Conversions of the write side's vectors: MinHash signatures and group centroids (numpy)."""

from __future__ import annotations

from typing import Any

import numpy as np

from marsad.model import Group
from marsad.store.codec import parse_ts, ts


def sig_blob(sig: Any) -> bytes:
    return np.asarray(sig, dtype=np.uint32).tobytes()


def sig_array(blob: bytes | None) -> np.ndarray:
    return np.frombuffer(blob or b"", dtype=np.uint32)


def group_row(g: Group) -> dict[str, Any]:
    return {
        "id": g.id, "level": g.level, "parent_id": g.parent_id, "founder_id": g.founder_id,
        "title": g.title, "start": ts(g.start), "end": ts(g.end), "size": g.size,
        "n_vectors": g.n_vectors,
        "centroid_idx": np.asarray(g.centroid_idx, dtype=np.int32).tobytes(),
        "centroid_val": np.asarray(g.centroid_val, dtype=np.float32).tobytes(),
    }


def group_from(row: Any) -> Group:
    return Group(
        id=row["id"], level=row["level"], title=row["title"], start=parse_ts(row["start"]),
        end=parse_ts(row["end"]), size=row["size"], n_vectors=row["n_vectors"],
        centroid_idx=np.frombuffer(row["centroid_idx"], dtype=np.int32).copy(),
        centroid_val=np.frombuffer(row["centroid_val"], dtype=np.float32).copy(),
        parent_id=row["parent_id"], founder_id=row["founder_id"],
    )
