"""PyTorch on the same networks, as a comparison row (only when torch imports; never needed).

Same layer sizes, activations, loss, batch size, learning rate and float64 as the app's
headless figure, one thread, plain SGD over shuffled mini-batches of the same data.
"""

from __future__ import annotations

import time

import numpy as np

from bench import setups
from bench.figures import Figure


def _model(torch, sizes, activations):
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:], strict=False)):
        layers.append(torch.nn.Linear(n_in, n_out, dtype=torch.float64))
        if i < len(sizes) - 2:  # the output's sigmoid or softmax lives in the loss
            layers.append(torch.nn.Tanh() if activations[i] == "tanh" else torch.nn.Sigmoid())
    return torch.nn.Sequential(*layers)


def _steps_per_s(torch, name: str, seconds: float) -> float:
    obj = setups.network_object(name)
    spec = setups.spec(obj)
    x = torch.tensor(spec.data.x_train)  # a copy: the spec's arrays are read-only
    y = torch.tensor(spec.data.y_train)
    net = obj["network"]
    model = _model(torch, net["layers"], net["activations"])
    if net["layers"][-1] == 1:
        loss_fn, target = torch.nn.BCEWithLogitsLoss(), y
    else:
        loss_fn, target = torch.nn.CrossEntropyLoss(), y.argmax(dim=1)
    optimiser = torch.optim.SGD(model.parameters(), lr=obj["training"]["learning_rate"])
    batch = spec.training.batch_size
    rng = np.random.default_rng(0)
    order, position, done = rng.permutation(len(x)), 0, 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        idx = torch.from_numpy(order[position:position + batch])
        optimiser.zero_grad()
        loss_fn(model(x[idx]), target[idx]).backward()
        optimiser.step()
        done += 1
        position += batch
        if position >= len(x):
            order, position = rng.permutation(len(x)), 0
    return done / (time.perf_counter() - start)


def torch_figures(seconds: float, repeats: int) -> dict[str, Figure] | None:
    """``torch_steps_per_s`` per small network, or None when torch is not installed."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    figures = {}
    for name in setups.SMALL_NETWORKS:
        _steps_per_s(torch, name, min(seconds, 0.2))  # warm-up
        values = [_steps_per_s(torch, name, seconds) for _ in range(repeats)]
        figures[name] = Figure("torch_steps_per_s", name, values, "it/s")
    return figures
