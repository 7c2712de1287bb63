"""Change a network's architecture and keep every weight that still means the same thing.

A student who adds a neuron mid-lesson should see the same network plus one neuron, not a
fresh random one. ``rebuild`` makes the new network with fresh seeded parameters
(``Network.create``) and then copies over the parameters of the old one that still fit.

Layers are 0-based here, as in ``Network.sizes`` (0 = the input layer, textbook layer 1).

**origins** says where each layer of the new network comes from: ``origins[i]`` for new
layer i is either ``None`` (a new layer) or a pair ``(old_layer, neuron_map)``, where
``old_layer`` is an index into the old ``sizes`` and ``neuron_map`` an int array of length
``sizes[i]`` giving, for each new neuron, its index in that old layer or -1 (a new neuron).
Parameters are copied as follows; everything else keeps its fresh seeded value:

* W of new layer i, entry [j, k], comes from the old W of layer o_i at
  [map_i[j], map_(i−1)[k]] when both layers have origins, the old layers were adjacent
  (o_i = o_(i−1) + 1) and both map entries are ≥ 0. So removing a layer leaves the weights of
  the layer after it fresh: it now connects to a layer it was never trained against.
* b of new layer i, entry j, comes from the old b of layer o_i at map_i[j] when o_i ≥ 1 and
  map_i[j] ≥ 0.

The builders below (``add_neuron``, ``remove_neuron``, ``insert_layer``, ``new_layer``,
``remove_layer``, ``resize_layers``, ``remap_inputs``) return ``(sizes, activations,
origins)`` for the edits a user makes; pass them to ``rebuild`` with the loss, initialiser
and seed. The limits on sizes and activations are ``Network.create``'s, which validates the
result.
"""

from __future__ import annotations

import numpy as np

from model.errors import ValidationError
from model.network import MAX_LAYER_SIZE, Network, check_sizes
from model.validate import check_int

NEW_LAYER_MAX = 8  # a layer added without a size stays small enough to read on the diagram

Origin = tuple[int, np.ndarray] | None
Edit = tuple[tuple[int, ...], tuple[str, ...], list[Origin]]


def rebuild(old: Network, sizes, activations, loss, init, seed, origins) -> Network:
    """A new network of ``sizes`` whose parameters come from ``old`` where ``origins`` say so."""
    new = Network.create(list(sizes), activations, loss, init, seed)
    origins = _check_origins(old, new.sizes, origins)
    for i in range(1, len(new.sizes)):
        here, before = origins[i], origins[i - 1]
        if here is None:
            continue
        o_i, map_i = here
        rows = np.flatnonzero(map_i >= 0)
        if o_i >= 1:
            new.biases[i - 1][rows] = old.biases[o_i - 1][map_i[rows]]
        if before is None or o_i != before[0] + 1:
            continue
        map_p = before[1]
        cols = np.flatnonzero(map_p >= 0)
        new.weights[i - 1][np.ix_(rows, cols)] = old.weights[o_i - 1][np.ix_(map_i[rows],
                                                                             map_p[cols])]
    return new


def _check_origins(old: Network, sizes: tuple[int, ...], origins) -> list[Origin]:
    if not isinstance(origins, list | tuple) or len(origins) != len(sizes):
        raise ValidationError("origins", f"needs one entry per new layer ({len(sizes)})")
    checked: list[Origin] = []
    for i, origin in enumerate(origins):
        if origin is None:
            checked.append(None)
            continue
        if not isinstance(origin, list | tuple) or len(origin) != 2:
            raise ValidationError(f"origins[{i}]", f"must be None or (old_layer, neuron_map), "
                                                   f"got {origin!r}")
        o = check_int(f"origins[{i}][0]", origin[0], low=0, high=len(old.sizes) - 1)
        checked.append((o, _check_map(f"origins[{i}][1]", origin[1], sizes[i], old.sizes[o])))
    return checked


def _check_map(field: str, neuron_map, n_new: int, n_old: int) -> np.ndarray:
    arr = np.asarray(neuron_map)
    if arr.shape != (n_new,) or (n_new and not np.issubdtype(arr.dtype, np.integer)):
        raise ValidationError(field, f"must be {n_new} integers (one per new neuron), "
                                     f"got {neuron_map!r}")
    if np.any((arr < -1) | (arr >= n_old)):
        raise ValidationError(field, f"entries must be -1 (new) or an old neuron 0..{n_old - 1}")
    return arr.astype(np.intp)


# --- builders for the edits a user makes -------------------------------------------------


def _names(net: Network) -> tuple[str, ...]:
    return tuple(act.name for act in net.activations)


def _identity(net: Network) -> list[Origin]:
    return [(i, np.arange(n)) for i, n in enumerate(net.sizes)]


def _hidden(net: Network, layer, what: str) -> int:
    """A hidden layer's index, refusing the input and output layers (data sets their sizes)."""
    last = len(net.sizes) - 1
    field = f"network.layers[{layer}]" if isinstance(layer, int) else "layer"
    if layer == 0 or layer == last:
        end = "input layer's size is set by the input features" if layer == 0 else \
            "output layer's size is set by the targets"
        raise ValidationError(field, f"cannot {what}: the {end}; only hidden layers change")
    if last < 2:
        raise ValidationError(field, f"cannot {what}: the network has no hidden layer")
    return check_int(field, layer, low=1, high=last - 1)


def add_neuron(net: Network, layer) -> Edit:
    """One more neuron at the end of a hidden layer; every old parameter is kept."""
    layer = _hidden(net, layer, "add a neuron")
    sizes = list(net.sizes)
    sizes[layer] += 1
    origins = _identity(net)
    origins[layer] = (layer, np.append(np.arange(net.sizes[layer]), -1))
    return tuple(sizes), _names(net), origins


def remove_neuron(net: Network, layer, j=None) -> Edit:
    """A hidden layer without neuron j (default: its last); the others keep their parameters."""
    layer = _hidden(net, layer, "remove a neuron")
    n = net.sizes[layer]
    if n == 1:
        raise ValidationError(f"network.layers[{layer}]", "has only 1 neuron; remove the layer "
                                                          "instead")
    j = n - 1 if j is None else check_int("neuron", j, low=0, high=n - 1)
    sizes = list(net.sizes)
    sizes[layer] -= 1
    origins = _identity(net)
    origins[layer] = (layer, np.delete(np.arange(n), j))
    return tuple(sizes), _names(net), origins


def insert_layer(net: Network, at, size, activation: str) -> Edit:
    """A new hidden layer that becomes index ``at`` (1 ≤ at ≤ L−1); its weights are fresh."""
    at = check_int("layer", at, low=1, high=len(net.sizes) - 1)
    size = check_int(f"network.layers[{at}]", size, low=1, high=MAX_LAYER_SIZE)
    sizes = net.sizes[:at] + (size,) + net.sizes[at:]
    names = _names(net)
    activations = names[:at - 1] + (activation,) + names[at - 1:]
    old = _identity(net)
    return sizes, activations, old[:at] + [None] + old[at:]


def new_layer(net: Network, at, size: int | None = None, activation: str | None = None) -> Edit:
    """``insert_layer`` with what a user expects when they say only where: the activation
    of the hidden layer now at ``at`` (or of the last hidden layer, or tanh when there is
    none), and as many neurons as the layer before it (after the input: the smallest
    hidden layer, at least 2, 4 when there is none), at most ``NEW_LAYER_MAX``."""
    at = check_int("layer", at, low=1, high=len(net.sizes) - 1)
    hidden = _names(net)[:-1]
    act = activation or (hidden[min(at - 1, len(hidden) - 1)] if hidden else "tanh")
    if size is None:
        size = min(net.sizes[at - 1] if at > 1 else max(2, min(net.sizes[1:-1] or (4,))),
                   NEW_LAYER_MAX)
    return insert_layer(net, at, size, act)


def remove_layer(net: Network, layer) -> Edit:
    """The network without a hidden layer; the layer after it gets fresh incoming weights."""
    layer = _hidden(net, layer, "remove a layer")
    names = _names(net)
    origins = _identity(net)
    del origins[layer]
    return (net.sizes[:layer] + net.sizes[layer + 1:], names[:layer - 1] + names[layer:],
            origins)


def resize_layers(net: Network, sizes, activations) -> Edit:
    """Any new sizes: input to input, output to output, hidden layers by position from the
    input (extra ones new, missing ones dropped at the end); in each matched layer the first
    min(old, new) neurons keep their identity."""
    sizes = check_sizes(sizes)
    if isinstance(activations, str):
        activations = [activations] * (len(sizes) - 1)
    if not isinstance(activations, list | tuple):
        raise ValidationError("network.activations", f"must be a list of activation names, "
                                                     f"got {activations!r}")
    last_old, last_new = len(net.sizes) - 1, len(sizes) - 1
    origins: list[Origin] = []
    for i, n in enumerate(sizes):
        if i == 0 or i == last_new:
            o = 0 if i == 0 else last_old
        elif i < last_old:
            o = i
        else:
            origins.append(None)
            continue
        keep = min(n, net.sizes[o])
        origins.append((o, np.concatenate([np.arange(keep), np.full(n - keep, -1)])))
    return sizes, tuple(activations), origins


def remap_inputs(net: Network, neuron_map) -> Edit:
    """New input neurons (e.g. features toggled): neuron_map gives each one's old index or -1."""
    arr = _check_map("neuron_map", neuron_map, len(np.asarray(neuron_map).reshape(-1)),
                     net.sizes[0])
    origins = _identity(net)
    origins[0] = (0, arr)
    return (len(arr),) + net.sizes[1:], _names(net), origins
