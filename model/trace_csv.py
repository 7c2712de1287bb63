"""One iteration's trace as a flat CSV table, for spreadsheets and slides (docs/formats.md).

One row per (layer, neuron, sample) with z, a, δ (and the target y on the output layer),
then one row per bias and per weight with its value before the update, its batch-mean
gradient and its value after, then the batch's loss and penalty. Layers are numbered 1..L
(1 = input) and neurons, inputs (k) and samples from 1, as the diagram names them
(a₁⁽²⁾ is layer 2, neuron 1). Numbers are written with ``repr`` so they read back exactly.
"""

from __future__ import annotations

import csv
import io

from model.trace import Trace

COLUMNS = ("record", "layer", "j", "k", "sample", "z", "a", "delta", "y",
           "before", "gradient", "after")


def _num(value) -> str:
    return repr(float(value))


def _row(record: str, layer, j="", k="", sample="", **values) -> list[str]:
    cells = {"record": record, "layer": layer, "j": j, "k": k, "sample": sample}
    cells.update({key: _num(v) for key, v in values.items()})
    return [str(cells.get(name, "")) for name in COLUMNS]


def trace_rows(trace: Trace) -> list[list[str]]:
    """The table's rows (without the header), in the order documented."""
    batch, n_in = trace.input.shape
    n_layers = len(trace.layers) + 1
    rows = [_row("neuron", 1, j + 1, sample=s + 1, a=trace.input[s, j])
            for j in range(n_in) for s in range(batch)]
    for i, lt in enumerate(trace.layers):
        layer = i + 2
        for j in range(lt.z.shape[1]):
            for s in range(batch):
                extra = {"y": trace.target[s, j]} if layer == n_layers else {}
                rows.append(_row("neuron", layer, j + 1, sample=s + 1, z=lt.z[s, j],
                                 a=lt.a[s, j], delta=lt.delta[s, j], **extra))
    for i, lt in enumerate(trace.layers):
        layer = i + 2
        before, after = trace.biases_before[i], trace.biases_after[i]
        for j in range(len(before)):
            rows.append(_row("bias", layer, j + 1, before=before[j],
                             gradient=lt.grad_biases[j], after=after[j]))
    for i, lt in enumerate(trace.layers):
        layer = i + 2
        before, after = trace.weights_before[i], trace.weights_after[i]
        for j in range(before.shape[0]):
            for k in range(before.shape[1]):
                rows.append(_row("weight", layer, j + 1, k + 1, before=before[j, k],
                                 gradient=lt.grad_weights[j, k], after=after[j, k]))
    rows.append(_row("loss", n_layers, before=trace.loss))
    rows.append(_row("penalty", n_layers, before=trace.penalty))
    return rows


def trace_csv(trace: Trace) -> str:
    """The whole table as CSV text: a header line, then ``trace_rows``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(trace_rows(trace))
    return out.getvalue()
