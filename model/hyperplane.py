"""A line w₁x₁ + w₂x₂ + b = 0 to find by hand: check a student's (w, b), hint, worked answer.

The linear-models lesson's exercise (docs/formats.md, perceptron "ask"): the answer is not
unique, so a typed (w₁, w₂, b) is checked against the exercise's *condition* on its points:

- ``separate``: every point on the side its label says, w·x + b > 0 for class 1 and
  w·x + b < 0 for class 0 (strictly: a point on the line is on neither side);
- ``through``: every point on the line, w·x + b = 0.

``tolerance`` is absolute on w·x + b: a score within ±tolerance of 0 counts as on the line
(typed decimals such as 0.1 are not exact in binary). w = (0, 0) is no line and is refused.

``failures`` gives one line per condition that fails, with the numbers substituted and by
how much it misses; ``worked`` a worked answer with its check: for ``separate`` the
perpendicular bisector of the two classes' mean points (w = m₁ − m₀, b = −w·(m₁ + m₀)/2),
for ``through`` the normal of the direction between two of the points (w ⟂ v − u,
b = −w·u). ``answer_line`` is that (w, b), or None when the construction does not meet the
condition (the lesson is then refused when it loads). Every number through model.notation.
"""

from __future__ import annotations

import numpy as np

from model.notation import num, par, symbol

CONDITIONS = ("separate", "through")
TOLERANCE = 1e-6


def _vec(v) -> str:
    return "(" + ", ".join(num(float(c)) for c in v) + ")"


def score(w, b: float, x) -> float:
    return float(np.dot(np.asarray(w, float), np.asarray(x, float)) + b)


def substituted(name: str, w, b: float, x) -> str:
    """w·u + b = 0·0 + 1·2 + (−3) = −1"""
    terms = " + ".join(f"{par(float(wi))}·{par(float(xi))}" for wi, xi in zip(w, x, strict=True))
    return f"w·{name} + b = {terms} + {par(float(b))} = {num(score(w, b, x))}"


def requirement(condition: str, label: float) -> str:
    """What the condition asks of one point: "> 0", "< 0" or "= 0"."""
    if condition == "through":
        return "= 0"
    return "> 0" if label >= 0.5 else "< 0"


def failures(points, labels, names, condition: str, w, b: float,
             tolerance: float = TOLERANCE) -> list[str]:
    """One line per point the line (w, b) fails, with its numbers; [] when it is right."""
    w = np.asarray(w, float)
    if not np.any(w):
        return [f"w = {_vec(w)} is no line: every point gives w·x + b = b = {num(b)}; "
                f"make {symbol('w', None, 0)} or {symbol('w', None, 1)} nonzero."]
    out = []
    for x, y, name in zip(points, labels, names, strict=True):
        s = score(w, b, x)
        need = requirement(condition, y)
        where = f"{name} = {_vec(x)} must give w·{name} + b {need}; {substituted(name, w, b, x)}"
        if condition == "through":
            if abs(s) > tolerance:
                out.append(f"{where}, {num(abs(s))} too {'high' if s > 0 else 'low'}.")
        elif need == "> 0" and s <= tolerance:
            out.append(f"{where}, " + ("on the line, not above it." if abs(s) <= tolerance
                                       else f"{num(-s)} below 0."))
        elif need == "< 0" and s >= -tolerance:
            out.append(f"{where}, " + ("on the line, not below it." if abs(s) <= tolerance
                                       else f"{num(s)} above 0."))
    return out


def _separating(points, labels) -> tuple[np.ndarray, float] | None:
    y = np.asarray(labels) >= 0.5
    if y.all() or not y.any():
        return None
    m1, m0 = points[y].mean(axis=0), points[~y].mean(axis=0)
    w = m1 - m0
    return w, float(-np.dot(w, (m1 + m0) / 2))


def _through(points) -> tuple[np.ndarray, float] | None:
    u = points[0]
    others = [p for p in points[1:] if np.any(p != u)]
    if not others:
        return np.array([0.0, 1.0]), float(-u[1])
    d = others[0] - u
    w = np.array([-d[1], d[0]])
    return w, float(-np.dot(w, u))


def answer_line(points, labels, condition: str,
                tolerance: float = TOLERANCE) -> tuple[np.ndarray, float] | None:
    """The worked answer's (w, b) (module docstring), or None if it fails the condition."""
    points = np.asarray(points, float)
    found = _separating(points, labels) if condition == "separate" else _through(points)
    if found is None:
        return None
    w, b = found
    names = [str(i) for i in range(len(points))]
    return None if failures(points, labels, names, condition, w, b, tolerance) else (w, b)


def worked(points, labels, names, condition: str, tolerance: float = TOLERANCE) -> str:
    """The worked answer, one line a step, then its check on every point."""
    points = np.asarray(points, float)
    found = answer_line(points, labels, condition, tolerance)
    if found is None:
        return "No line meets this condition."
    w, b = found
    if condition == "separate":
        lines = _separate_lines(points, labels, names, w, b)
    else:
        lines = _through_lines(points, names, w, b)
    multiple = "positive" if condition == "separate" else "nonzero"
    lines.append(f"So w = {_vec(w)}, b = {num(b)}; any {multiple} multiple of (w, b) does "
                 "as well.")
    lines.append("Check:")
    for x, y, name in zip(points, labels, names, strict=True):
        tail = f" {requirement(condition, y)}" if condition == "separate" else ""
        lines.append(f"  {substituted(name, w, b, x)}{tail}")
    return "\n".join(lines)


def _separate_lines(points, labels, names, w, b) -> list[str]:
    y = np.asarray(labels) >= 0.5
    m1, m0 = points[y].mean(axis=0), points[~y].mean(axis=0)
    head: list[str] = []
    if y.sum() == 1 and (~y).sum() == 1:
        one, zero = names[int(np.argmax(y))], names[int(np.argmax(~y))]
    else:
        one, zero = "m₁", "m₀"
        head = [f"m₁ = {_vec(m1)}, the mean of class 1; m₀ = {_vec(m0)}, of class 0."]
    mid = (m1 + m0) / 2
    return [*head,
            f"Take w along the way from class 0 to class 1: w = {one} − {zero} = {_vec(w)}.",
            f"Put the line half way, through ({one} + {zero})/2 = {_vec(mid)}:",
            f"  b = −w·({one} + {zero})/2 = −({par(w[0])}·{par(mid[0])} + {par(w[1])}·"
            f"{par(mid[1])}) = {num(b)}."]


def _through_lines(points, names, w, b) -> list[str]:
    u, name = points[0], names[0]
    if not np.any(w - np.array([0.0, 1.0])) and all(np.all(p == u) for p in points):
        return [f"A horizontal line through {name}: w = (0, 1), b = −{name}₂ = {num(b)}."]
    k = next(i for i, p in enumerate(points) if np.any(p != u))
    d = points[k] - u
    return [f"The line runs along {names[k]} − {name} = {_vec(d)}; w must be perpendicular "
            f"to it: swap the two components and change one sign, w = {_vec(w)}.",
            f"Then b = −w·{name} = −({par(w[0])}·{par(u[0])} + {par(w[1])}·{par(u[1])}) "
            f"= {num(b)}."]


__all__ = ["CONDITIONS", "TOLERANCE", "answer_line", "failures", "requirement", "score",
           "substituted", "worked"]
