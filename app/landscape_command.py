"""``main.py landscape``: the training cost over a plane through a session's parameters.

The grid goes out as CSV (``u,v,train_cost``, one row per grid point) or as a picture,
which the widgets side draws (``draw``: no Qt is imported here). Every argument is checked
before the session is evaluated, the edges against its network, and the file is written
atomically, so bad input writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.commands import check_out
from model import landscape as ls
from model.atomic_write import atomic_write_text
from model.errors import ValidationError
from model.network import Network
from model.session_file import load_session
from model.validate import check_int, check_number

PICTURES = (".png", ".svg")
CSV_HEADER = "u,v,train_cost"

Edge = tuple[int, int, int]  # (L, J, K) as typed: layer 2..L, neurons 1-based


@dataclass(frozen=True)
class LandscapeJob:
    """A checked ``landscape`` request."""

    out: Path
    edges: tuple[Edge, Edge] | None  # --weights; None for --random
    seed: int | None  # --random's seed
    span: float
    grid: int


def parse_edges(text: str) -> tuple[Edge, Edge]:
    """``"L:J:K,L:J:K"`` → two distinct (L, J, K) of whole numbers, as typed (1-based)."""
    edges: list[Edge] = []
    for part in str(text).split(","):
        fields = part.strip().split(":")
        if len(fields) != 3 or not all(f.strip().isdigit() for f in fields):
            raise ValidationError("--weights", f"must be two edges L:J:K,L:J:K with whole "
                                               f"numbers, got {text!r}")
        layer, j, k = (int(f) for f in fields)
        edges.append((layer, j, k))
    if len(edges) != 2:
        raise ValidationError("--weights", f"must be exactly two edges L:J:K,L:J:K, got {text!r}")
    if edges[0] == edges[1]:
        raise ValidationError("--weights", f"the two edges must differ, got {text!r}")
    return edges[0], edges[1]


def check_landscape(out: str, weights: str | None = None, random: bool = False,
                    seed: int | None = None, span: float = ls.DEFAULT_SPAN,
                    grid: int = ls.DEFAULT_GRID) -> LandscapeJob:
    """Every argument that needs no session checked; nothing computed or written."""
    out_path = check_out(out, (".csv", *PICTURES))
    if (weights is None) == (not random):
        raise ValidationError("--weights", "give either --weights L:J:K,L:J:K or --random")
    if seed is not None and not random:
        raise ValidationError("--seed", "only with --random")
    edges = parse_edges(weights) if weights is not None else None
    if random:
        seed = check_int("--seed", 0 if seed is None else seed, high=ls.MAX_SEED)
    span = check_number("--span", span, low=0.0, high=ls.MAX_SPAN, open_low=True)
    grid = check_int("--grid", grid, low=ls.MIN_GRID, high=ls.MAX_GRID)
    return LandscapeJob(out_path, edges, seed, span, grid)


def job_plane(net: Network, job: LandscapeJob) -> ls.Plane:
    """The plane the job asks for through ``net``'s parameters (edges checked against it)."""
    if job.edges is not None:
        d1, d2 = (ls.parameter_direction(net, layer, j - 1, k - 1, "--weights")
                  for layer, j, k in job.edges)
    else:
        assert job.seed is not None  # --random always has one (check_landscape)
        d1, d2 = ls.random_directions(net, job.seed)
    try:
        return ls.make_plane(net, d1, d2, job.span, job.grid, job.seed)
    except ValidationError as err:
        raise ValidationError("--random" if job.edges is None else "--weights",
                              err.problem) from None


def landscape_csv(land: ls.Landscape) -> str:
    """One row per grid point, u outer and v inner: u₁v₁, u₁v₂, …, u_N v_N (exact floats)."""
    plane = land.plane
    rows = [CSV_HEADER]
    for i, u in enumerate(plane.u):
        rows.extend(f"{float(u)!r},{float(v)!r},{float(c)!r}"
                    for v, c in zip(plane.v, land.cost[i], strict=True))
    return "\n".join(rows) + "\n"


def landscape_command(session: str, out: str, *, weights: str | None = None,
                      random: bool = False, seed: int | None = None,
                      span: float = ls.DEFAULT_SPAN, grid: int = ls.DEFAULT_GRID,
                      draw: Callable[[ls.Landscape, Path], Path] | None = None) -> Path:
    """Evaluate the landscape of ``session`` as loaded and write it to ``out``: CSV here,
    a PNG or SVG through ``draw(landscape, path)``. Returns the path written."""
    job = check_landscape(out, weights, random, seed, span, grid)
    if job.out.suffix.lower() in PICTURES and draw is None:
        raise ValidationError("--out", f"{out}: pictures need the window's drawing code")
    spec = load_session(session)
    net, data = spec.network, spec.data
    land = ls.grid_costs(net, data.x_train, data.y_train, job_plane(net, job))
    if job.out.suffix.lower() == ".csv":
        atomic_write_text(job.out, landscape_csv(land))
        return job.out
    assert draw is not None  # a picture without it was refused above
    return draw(land, job.out)
