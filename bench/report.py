"""The bench's outputs: a plain-text table for people and a JSON object for tools."""

from __future__ import annotations

from bench.figures import Figure

LABELS = {
    "playground_default_epochs_per_s": "Playground default, live",
    "playground_spiral_epochs_per_s": "Playground spiral 6×8, live",
    "headless_steps_per_s": "model alone (headless)",
    "live_steps_per_s": "window live, training",
    "live_over_headless": "live / headless",
    "torch_steps_per_s": "PyTorch, same network",
    "repaint_ms": "diagram full repaint",
    "recolour_ms": "diagram recolour, 1 step",
    "step_ms": "Next key → painted",
    "startup_s": "start → first paint",
    "history_mb": "history, 10,000 iterations",
}
JSON_KEYS = ("playground_default_epochs_per_s", "playground_spiral_epochs_per_s",
             "headless_steps_per_s", "live_over_headless", "repaint_ms", "recolour_ms",
             "step_ms", "startup_s", "history_mb", "torch_steps_per_s")
HEADER = ("figure", "network", "median", "spread (min–max)", "n", "target", "reference", "")


def number(value: float) -> str:
    """Three significant digits (all the integer digits from 100 up), no exponents."""
    if abs(value) < 100:
        value = float(f"{value:.3g}")  # 0.9996 → 1.00, not 1.000
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def _row(figure: Figure) -> tuple[str, ...]:
    unit = figure.unit
    target = ""
    if figure.target is not None:
        target = f"{'≥' if figure.higher_is_better else '≤'} {number(figure.target)}"
    mark = {None: "", True: "pass", False: "FAIL"}[figure.passed]
    return (LABELS.get(figure.key, figure.key), figure.network or "",
            f"{number(figure.median)} {unit}", f"{number(figure.low)}–{number(figure.high)}",
            str(len(figure.values)), target, figure.reference, mark)


def table(figures: list[Figure]) -> str:
    """Aligned columns, one row per figure, in the order given."""
    rows = [HEADER, *(_row(f) for f in figures)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    right = {2, 3, 4}
    lines = []
    for n, row in enumerate(rows):
        cells = [cell.rjust(w) if i in right else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(figures: list[Figure]) -> str:
    """The same rows as a Markdown table (for docs/performance.md)."""
    rows = [HEADER[:-1] + ("result",), *(_row(f) for f in figures)]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def to_json(figures: list[Figure], meta: dict) -> dict:
    """Medians under the issue's keys (per network where keyed), plus ``meta``."""
    out: dict = {}
    for figure in figures:
        if figure.key not in JSON_KEYS:
            continue
        if figure.keyed and figure.network is not None:
            out.setdefault(figure.key, {})[figure.network] = figure.median
        else:
            out[figure.key] = figure.median
    out["meta"] = meta
    return out
