"""Messages of plain JSON and numpy arrays as bytes, for the training process's pipe.

No pickle: a message is a JSON header (which also lists each array's name, dtype and
shape) followed by the arrays' raw bytes; only numeric dtypes are accepted back, so
neither side can be made to run code by what it receives. (Raw bytes rather than
``.npz``: building a zip archive per frame cost the training process milliseconds.)
Snapshots (``model.training.Snapshot``) travel whole: parameters, optimiser state and
settings, epoch, position, order and generator state, so the receiver can restore the
exact state and replay from it bit for bit.
"""

from __future__ import annotations

import json
import math
import struct
from dataclasses import asdict

import numpy as np

from model.kernel import ENGINES, NUMPY
from model.optimizers import OptimizerSettings
from model.training import Snapshot

_LENGTH = struct.Struct("<I")
_NUMERIC = "biuf"  # bool, signed, unsigned, float: never object


def pack(header: dict, arrays: dict[str, np.ndarray] | None = None) -> bytes:
    """``header`` (JSON-able) and named numeric arrays as one byte string."""
    arrays = {name: np.ascontiguousarray(a) for name, a in (arrays or {}).items()}
    layout = [[name, a.dtype.str, list(a.shape)] for name, a in arrays.items()]
    text = json.dumps({"header": header, "arrays": layout}).encode("utf-8")
    return b"".join([_LENGTH.pack(len(text)), text, *(a.tobytes() for a in arrays.values())])


def unpack(data: bytes) -> tuple[dict, dict[str, np.ndarray]]:
    (n,) = _LENGTH.unpack_from(data)
    start = _LENGTH.size + n
    message = json.loads(data[_LENGTH.size:start].decode("utf-8"))
    arrays = {}
    for name, dtype, shape in message["arrays"]:
        kind = np.dtype(dtype)
        if kind.kind not in _NUMERIC:
            raise ValueError(f"array {name!r}: dtype {dtype} is not numeric")
        count = math.prod(int(n) for n in shape)  # (np.prod is slow on short lists)
        size = kind.itemsize * count
        arrays[name] = np.frombuffer(data, kind, count, start).reshape(shape).copy()
        start += size
    if start != len(data):
        raise ValueError("message length does not match its arrays")
    return message["header"], arrays


def snapshot_parts(snap: Snapshot, prefix: str) -> tuple[dict, dict[str, np.ndarray]]:
    """A snapshot as (header, arrays) with array names under ``prefix``."""
    t, state = snap.optimizer
    arrays = {f"{prefix}w{i}": w for i, w in enumerate(snap.weights)}
    arrays |= {f"{prefix}b{i}": b for i, b in enumerate(snap.biases)}
    arrays |= {f"{prefix}s_{key}_{i}": a for key, v in state.items() for i, a in enumerate(v)}
    arrays[f"{prefix}order"] = snap.order
    header = {"layers": len(snap.weights), "t": t,
              "state": {key: len(v) for key, v in state.items()},
              "settings": asdict(snap.settings), "batch_size": snap.batch_size,
              "epoch": snap.epoch, "position": snap.position, "rng_state": snap.rng_state,
              "engine": snap.engine}
    return header, arrays


def snapshot_from(header: dict, arrays: dict[str, np.ndarray], prefix: str) -> Snapshot:
    n = header["layers"]
    state = {key: [arrays[f"{prefix}s_{key}_{i}"] for i in range(count)]
             for key, count in header["state"].items()}
    order = arrays[f"{prefix}order"]
    order.flags.writeable = False
    return Snapshot(tuple(arrays[f"{prefix}w{i}"] for i in range(n)),
                    tuple(arrays[f"{prefix}b{i}"] for i in range(n)),
                    (header["t"], state), OptimizerSettings(**header["settings"]),
                    header["batch_size"], header["epoch"], header["position"], order,
                    header["rng_state"], check_engine(header.get("engine", NUMPY)))


def check_engine(name: object) -> str:
    """A snapshot's arithmetic by name, or a ValueError naming the known ones."""
    if name not in ENGINES:
        raise ValueError(f"snapshot engine {name!r} unknown; known: {', '.join(ENGINES)}")
    return str(name)
