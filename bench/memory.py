"""Memory held by the step history: numpy bytes reachable from ``session.history``.

The figure walks whatever the history is made of (a deque of snapshots, a class keeping
checkpoints, dataclasses, tuples, lists, dicts, plain objects) and sums ``nbytes`` of every
numpy array it reaches, counting each underlying buffer once (a view counts its base, two
snapshots sharing an array count it once). Python objects around the arrays (a dict of
generator state, small ints) are not counted: they are a few hundred bytes per snapshot,
while the arrays are the memory that grows with the network and the number of steps.
Walking the structure instead of asking the OS (RSS) keeps the figure exact and free of
allocator noise, and it follows the lead's changes to how history is stored.
"""

from __future__ import annotations

import dataclasses
import types
from collections import deque

import numpy as np

ITERATIONS = 10_000
_OPAQUE = (str, bytes, int, float, complex, bool, type(None), type, types.ModuleType,
           types.FunctionType, types.BuiltinFunctionType, types.MethodType)


def _root(array: np.ndarray) -> np.ndarray:
    while isinstance(array.base, np.ndarray):
        array = array.base
    return array


def _children(obj) -> list:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return [getattr(obj, f.name) for f in dataclasses.fields(obj)]
    if isinstance(obj, dict):
        return [*obj.keys(), *obj.values()]
    if isinstance(obj, list | tuple | set | frozenset | deque):
        return list(obj)
    if type(obj).__module__.split(".")[0] in ("PySide6", "shiboken6"):
        return []  # a Qt object is not history
    found = list(vars(obj).values()) if hasattr(obj, "__dict__") else []
    for name in getattr(type(obj), "__slots__", ()):
        if hasattr(obj, name):
            found.append(getattr(obj, name))
    return found


def history_bytes(session) -> int:
    """Bytes of the numpy arrays reachable from ``session.history`` (each buffer once)."""
    seen_objects: set[int] = set()
    seen_buffers: dict[int, int] = {}
    stack = [session.history]
    while stack:
        obj = stack.pop()
        if isinstance(obj, np.ndarray):
            root = _root(obj)
            seen_buffers[id(root)] = root.nbytes
            continue
        if isinstance(obj, _OPAQUE) or id(obj) in seen_objects:
            continue
        seen_objects.add(id(obj))
        stack.extend(_children(obj))
    return sum(seen_buffers.values())


def history_mb(name: str = "64-32-10", iterations: int = ITERATIONS) -> tuple[float, int]:
    """MB (2**20 bytes) held after ``iterations`` iterations, and how many snapshots that is.

    A Session (no window) trains through ``Session.train_for(0)``, which runs exactly one
    iteration per call, as the Train button's slices do.
    """
    from app.session import Session
    from bench import setups

    session = Session(setups.spec(setups.network_object(name)))
    while session.iterations_done < iterations:
        session.train_for(0)
    return history_bytes(session) / 2**20, len(session.history)
