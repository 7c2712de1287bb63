"""The loss landscape: the training cost over a plane through the parameters, and the path.

θ is every weight and bias of the network. The plane through θ is θ + u·d₁ + v·d₂ for two
directions d₁, d₂ of the same shapes as the parameters, and the landscape is the training
cost C (whole training set, the data term: ``Network.cost``) at an N×N grid of (u, v), u and
v each over N evenly spaced values from −S to +S inclusive. The directions are either

- two chosen parameters (``parameter_direction``): unit vectors, so u is an offset added to
  that one weight (or bias) and the axis reads as its value, or
- two random directions with per-neuron ("filter") normalisation, as in Li et al. 2018,
  *Visualizing the Loss Landscape of Neural Nets* (``random_directions``): Gaussian, then
  each neuron's incoming weights (a row of W⁽ˡ⁾) scaled to the norm of that row of θ, so a
  step of 1 means as much to a neuron with small weights as to one with big ones; biases
  are left out (zero in the direction).

The grid is evaluated in one vectorised pass per chunk of grid points (``grid_costs``):
every point's W⁽ˡ⁾ + u·D₁⁽ˡ⁾ + v·D₂⁽ˡ⁾ at once, then one batched matrix product per layer
for all points' forward passes; chunks keep the memory bounded. The
optimiser's path (parameter snapshots) is projected onto the plane by least squares
(``project``), with the distance off the plane (the residual) for each point.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from model.errors import ValidationError
from model.network import Network
from model.notation import symbol
from model.validate import check_int, check_number

Array = np.ndarray

DEFAULT_SPAN = 1.0
DEFAULT_GRID = 41
MIN_GRID, MAX_GRID = 2, 401
MAX_SPAN = 1e6  # the largest value a weight may be typed as, too
MAX_SEED = 2**32 - 1
CHUNK_BYTES = 4 * 2**20  # one chunk of grid points: small enough to stay in cache (measured)
OFF_PLANE = 0.1  # a path point this far off the plane (× the plane's half-width) is "off"
FAR = 0.5  # the current point this far from the centre (× the span) asks for a new plane


class Cancelled(Exception):
    """``grid_costs`` stopped because its ``progress`` callback said so."""


@dataclass(frozen=True)
class Direction:
    """A direction in parameter space, shaped like the network's parameters."""

    weights: tuple[Array, ...]  # like W⁽ˡ⁾: (n_l, n_(l−1)), l = 2..L
    biases: tuple[Array, ...]  # like b⁽ˡ⁾: (n_l,)
    name: str  # "weight w₁₂⁽³⁾", "bias b₁⁽²⁾" or "direction 1"
    origin: float = 0.0  # the axis's value at u = 0: the chosen parameter's value in θ
    seed: int | None = None  # a random direction's seed

    @property
    def label(self) -> str:
        """The axis's title: the name, and the seed of a random direction."""
        return self.name if self.seed is None else f"{self.name} (seed {self.seed})"

    @property
    def vector(self) -> Array:
        """The direction as one flat vector (P,), in ``flatten``'s order."""
        return flatten(self.weights, self.biases)


@dataclass(frozen=True)
class Plane:
    """θ + u·d₁ + v·d₂ for u, v in [−span, span] on a grid × grid lattice."""

    weights: tuple[Array, ...]  # θ's W⁽ˡ⁾ (copies)
    biases: tuple[Array, ...]  # θ's b⁽ˡ⁾
    d1: Direction
    d2: Direction
    span: float
    grid: int
    seed: int | None = None  # the random directions' seed; None for chosen parameters

    @property
    def u(self) -> Array:
        """The grid's values of u (grid,), from −span to +span; v takes the same values."""
        return np.linspace(-self.span, self.span, self.grid)

    @property
    def v(self) -> Array:
        return self.u

    @property
    def origin(self) -> Array:
        """θ as one flat vector (P,)."""
        return flatten(self.weights, self.biases)

    @property
    def half_width(self) -> float:
        """How far the plane reaches from θ along its shorter axis: span · min ‖dᵢ‖."""
        return self.span * min(float(np.linalg.norm(d.vector)) for d in (self.d1, self.d2))

    def network(self, net: Network) -> Network:
        """``net``'s architecture with the parameters θ of the plane's centre."""
        return Network(net.sizes, net.activations, net.loss,
                       [w.copy() for w in self.weights], [b.copy() for b in self.biases])


@dataclass(frozen=True)
class Landscape:
    """The training cost over a plane: ``cost[i, j]`` is C(θ + u[i]·d₁ + v[j]·d₂)."""

    plane: Plane
    cost: Array  # (grid, grid)
    centre_cost: float  # C(θ), evaluated directly


@dataclass(frozen=True)
class PathOnPlane:
    """Parameter sets seen from the plane: coordinates and distance off it, (T,) each."""

    u: Array
    v: Array
    residual: Array  # ‖θₜ − (θ + uₜ·d₁ + vₜ·d₂)‖

    def off(self, plane: Plane) -> Array:
        """Which points lie off the plane by more than OFF_PLANE of its half-width (T,)."""
        return self.residual > OFF_PLANE * plane.half_width


def flatten(weights: Iterable[Array], biases: Iterable[Array]) -> Array:
    """Every weight, then every bias, as one vector (P,)."""
    return np.concatenate([np.ravel(p) for p in (*weights, *biases)])


# --- directions ----------------------------------------------------------------------------

def parameter_direction(net: Network, layer: int, j: int, k: int | None = None,
                        field: str = "edge") -> Direction:
    """The unit vector of one parameter of θ: weight W⁽ˡ⁾[j, k], or bias b⁽ˡ⁾[j] when ``k``
    is None. ``layer`` is 2..L, ``j`` and ``k`` 0-based; ValidationError if there is none."""
    _check_parameter(net, layer, j, k, field)
    weights = [np.zeros_like(w) for w in net.weights]
    biases = [np.zeros_like(b) for b in net.biases]
    i = layer - 2
    if k is None:
        biases[i][j] = 1.0
        label, origin = f"bias {symbol('b', layer, j)}", net.biases[i][j]
    else:
        weights[i][j, k] = 1.0
        label, origin = f"weight {symbol('w', layer, j, k)}", net.weights[i][j, k]
    return Direction(tuple(weights), tuple(biases), label, float(origin))


def _check_parameter(net: Network, layer, j, k, field: str) -> None:
    name = f"{layer}:{j + 1}" + ("" if k is None else f":{k + 1}")
    what = "bias" if k is None else "edge"
    if not 2 <= layer <= net.n_layers:
        raise ValidationError(field, f"{what} {name} does not exist: the layers with weights "
                                     f"are 2..{net.n_layers}")
    n_to, n_from = net.sizes[layer - 1], net.sizes[layer - 2]
    if not 0 <= j < n_to:
        raise ValidationError(field, f"{what} {name} does not exist: layer {layer} has "
                                     f"neurons 1..{n_to}")
    if k is not None and not 0 <= k < n_from:
        raise ValidationError(field, f"{what} {name} does not exist: layer {layer - 1} has "
                                     f"neurons 1..{n_from}")


def random_directions(net: Network, seed: int = 0) -> tuple[Direction, Direction]:
    """Two Gaussian directions, filter-normalised (Li et al. 2018): each row j of D⁽ˡ⁾ (the
    incoming weights of neuron j of layer l) has the norm of row j of W⁽ˡ⁾; biases are zero.
    Drawn from ``numpy.random.default_rng(seed)``, d₁ first, layer by layer."""
    seed = check_int("seed", seed, high=MAX_SEED)
    rng = np.random.default_rng(seed)
    directions = []
    for n in (1, 2):
        weights = []
        for w in net.weights:
            d = rng.standard_normal(w.shape)
            row_d = np.linalg.norm(d, axis=1, keepdims=True)
            row_w = np.linalg.norm(w, axis=1, keepdims=True)
            weights.append(d * np.divide(row_w, row_d, out=np.zeros_like(row_w),
                                         where=row_d > 0))
        biases = tuple(np.zeros_like(b) for b in net.biases)
        directions.append(Direction(tuple(weights), biases, f"direction {n}", seed=seed))
    return directions[0], directions[1]


def make_plane(net: Network, d1: Direction, d2: Direction, span: float = DEFAULT_SPAN,
               grid: int = DEFAULT_GRID, seed: int | None = None) -> Plane:
    """The plane through ``net``'s parameters along d₁, d₂; refuses a span outside
    (0, MAX_SPAN], a grid outside MIN_GRID..MAX_GRID and directions that span no plane."""
    span = check_number("span", span, low=0.0, high=MAX_SPAN, open_low=True)
    grid = check_int("grid", grid, low=MIN_GRID, high=MAX_GRID)
    a, b = d1.vector, d2.vector
    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    if na == 0 or nb == 0:
        raise ValidationError("directions", "a direction is zero (are all the weights 0?); "
                                            "choose two weights instead")
    if abs(float(a @ b)) > (1 - 1e-9) * na * nb:
        raise ValidationError("directions", "the two directions are parallel: they span no plane")
    return Plane(tuple(w.copy() for w in net.weights), tuple(b.copy() for b in net.biases),
                 d1, d2, span, grid, seed)


# --- the cost over the plane ---------------------------------------------------------------

def costs_at(net: Network, x: Array, y: Array, plane: Plane, u: Array, v: Array) -> Array:
    """C(θ + uₚ·d₁ + vₚ·d₂) on (x, y) for G points at once: u, v (G,) → (G,).

    Each point's parameters W⁽ˡ⁾ + u·D₁⁽ˡ⁾ + v·D₂⁽ˡ⁾ are small, (G, n_l, n_(l−1)); every
    point's forward pass is then one batched matrix product per layer. Layers before the
    first one a direction moves are computed once for all points."""
    u, v = np.asarray(u, dtype=float), np.asarray(v, dtype=float)
    a = np.asarray(x, dtype=float)  # (n, n_1), then (G, n, n_l) once a direction moved it
    for i, act in enumerate(net.activations):
        w, b = _layer_at(plane, i, u, v)
        a = act.fn(a @ np.swapaxes(w, -1, -2) + b)  # z⁽ˡ⁾ = a⁽ˡ⁻¹⁾ (W⁽ˡ⁾)ᵀ + b⁽ˡ⁾
    a = np.broadcast_to(a, (len(u), *a.shape[-2:]))
    per_sample = net.loss.per_sample(a, np.asarray(y, dtype=float))  # (G, n)
    return np.add.reduce(per_sample, axis=-1) / per_sample.shape[-1]


def _layer_at(plane: Plane, i: int, u: Array, v: Array) -> tuple[Array, Array]:
    """W⁽ˡ⁾ and b⁽ˡ⁾ (l = i + 2) at the points (u, v): (G, n_l, n_(l−1)) and (G, 1, n_l),
    or θ's own (n_l, n_(l−1)) and (n_l,) when neither direction moves this layer."""
    w, b = plane.weights[i], plane.biases[i]
    d1, d2 = plane.d1, plane.d2
    if not (d1.weights[i].any() or d2.weights[i].any() or d1.biases[i].any()
            or d2.biases[i].any()):
        return w, b
    uw, vw = u[:, None, None], v[:, None, None]
    w = w + uw * d1.weights[i] + vw * d2.weights[i]
    b = b + uw[:, :, 0] * d1.biases[i] + vw[:, :, 0] * d2.biases[i]
    return w, b[:, None, :]


def chunk_points(net: Network, n_samples: int, budget: int = CHUNK_BYTES) -> int:
    """How many grid points one chunk holds so its arrays stay within ``budget`` bytes:
    per point, a few (n, n_l) arrays (z, a, the loss's temporaries) of the widest layer
    and two copies of the biggest W⁽ˡ⁾ (its value at the point, and a temporary)."""
    widest = max(net.sizes)
    biggest = max(w.size for w in net.weights)
    per_point = 8 * (4 * max(n_samples, 1) * widest + 2 * biggest)
    return max(1, budget // per_point)


def grid_costs(net: Network, x: Array, y: Array, plane: Plane,
               progress: Callable[[int, int], bool] | None = None,
               budget: int = CHUNK_BYTES) -> Landscape:
    """The landscape over ``plane``: every grid point evaluated in chunks of points.

    ``progress(done, total)`` is called after each chunk (points done of grid²); returning
    False stops the evaluation with ``Cancelled`` (the window's worker uses it)."""
    uu, vv = np.meshgrid(plane.u, plane.v, indexing="ij")  # (grid, grid): [i, j] = (u[i], v[j])
    u_flat, v_flat = uu.ravel(), vv.ravel()
    total = len(u_flat)
    step = chunk_points(net, len(x), budget)
    cost = np.empty(total)
    for start in range(0, total, step):
        stop = min(start + step, total)
        cost[start:stop] = costs_at(net, x, y, plane, u_flat[start:stop], v_flat[start:stop])
        if progress is not None and progress(stop, total) is False:
            raise Cancelled()
    centre = plane.network(net).cost(x, y)
    return Landscape(plane, cost.reshape(plane.grid, plane.grid), centre)


# --- the path ------------------------------------------------------------------------------

def project(plane: Plane, points: Iterable) -> PathOnPlane:
    """Each parameter set (anything with ``weights`` and ``biases``: a training Snapshot, a
    Network) on the plane: (u, v) minimising ‖θₜ − θ − u·d₁ − v·d₂‖, and that distance.

    With D = [d₁ d₂] (P, 2): (u, v) = (DᵀD)⁻¹ Dᵀ(θₜ − θ), which for unit or orthogonal
    directions is the plain dot product with each."""
    points = list(points)
    if not points:
        empty = np.empty(0)
        return PathOnPlane(empty, empty, empty)
    d = np.stack([plane.d1.vector, plane.d2.vector], axis=1)  # (P, 2)
    offsets = np.stack([flatten(p.weights, p.biases) for p in points]) - plane.origin  # (T, P)
    uv = np.linalg.solve(d.T @ d, (offsets @ d).T).T  # (T, 2)
    residual = np.linalg.norm(offsets - uv @ d.T, axis=1)
    return PathOnPlane(uv[:, 0], uv[:, 1], residual)


def far_from_centre(plane: Plane, seen: PathOnPlane) -> bool:
    """Whether the last point of ``seen`` (the current parameters) is far enough from the
    plane's centre to draw a new plane through it: FAR of the span along an axis, or off
    the plane."""
    if not len(seen.u):
        return False
    u, v = float(seen.u[-1]), float(seen.v[-1])
    return (max(abs(u), abs(v)) > FAR * plane.span
            or bool(seen.off(plane)[-1]))
