"""The bench's outputs: a plain-text table for people and a JSON object for tools.

Columns: the figure's median, spread and target as always; then its same-run reference
(which workload, its median), the median of the per-repeat ratios figure / reference with
their spread, the ratio target, and the result of both tests (``Figure.verdict``).
"""

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
    "flow_recording_cost_pct": "gradient flow's cost, worker",
    "vs_playground_default": "Playground default: ours / theirs",
    "vs_playground_spiral": "Playground spiral: ours / theirs",
    "frames_per_s": "frames painted, training live",
    "worst_frame_gap_ms": "worst gap between frames",
    "diagram_paints_per_s": "of which the diagram's paints",
    "headless_kernel_steps_per_s": "model alone, Playground default",
    "headless_over_tight_loop": "model alone / tight loop",
    "landscape_s": "landscape 64×64",
    "two_runs_over_one": "two runs live / one run live",
}
JSON_KEYS = ("playground_default_epochs_per_s", "playground_spiral_epochs_per_s",
             "headless_steps_per_s", "live_over_headless", "repaint_ms", "recolour_ms",
             "step_ms", "startup_s", "history_mb", "torch_steps_per_s",
             "flow_recording_cost_pct", "vs_playground_default", "vs_playground_spiral",
             "frames_per_s", "worst_frame_gap_ms", "diagram_paints_per_s",
             "headless_kernel_steps_per_s",
             "headless_over_tight_loop",
             "landscape_s", "two_runs_over_one")
HEADER = ("figure", "network", "median", "spread (min–max)", "n", "target", "reference",
          "same-run reference", "ratio", "ratio spread", "ratio target", "")
RIGHT = {2, 3, 4, 8, 9}  # right-aligned columns (numbers)


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


def _target(figure: Figure, value: float | None) -> str:
    if value is None:
        return ""
    return f"{'≥' if figure.higher_is_better else '≤'} {number(value)}"


def _same_run(figure: Figure) -> tuple[str, str, str, str]:
    """The reference's cells: what and its median, the ratio, its spread, its target."""
    ref = figure.same_run
    if ref is None:
        return "", "", "", ""
    ratios = figure.ratios
    return (f"{ref.name} {number(ref.median)} {figure.unit}", f"{number(figure.ratio)} ×",
            f"{number(min(ratios))}–{number(max(ratios))}",
            _target(figure, figure.ratio_target))


def _row(figure: Figure) -> tuple[str, ...]:
    return (LABELS.get(figure.key, figure.key), figure.network or "",
            f"{number(figure.median)} {figure.unit}",
            f"{number(figure.low)}–{number(figure.high)}", str(len(figure.values)),
            _target(figure, figure.target), figure.reference, *_same_run(figure),
            figure.verdict)


def table(figures: list[Figure]) -> str:
    """Aligned columns, one row per figure, in the order given."""
    rows = [HEADER, *(_row(f) for f in figures)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    lines = []
    for n, row in enumerate(rows):
        cells = [cell.rjust(w) if i in RIGHT else cell.ljust(w)
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


def _put(out: dict, figure: Figure, value) -> None:
    if figure.keyed and figure.network is not None:
        out.setdefault(figure.key, {})[figure.network] = value
    else:
        out[figure.key] = value


def to_json(figures: list[Figure], meta: dict) -> dict:
    """Medians under the issue's keys (per network where keyed), plus ``meta``.

    Figures with a same-run reference also appear, under the same keys, in ``ratios``
    (median ratio), ``references`` (the reference's median, in the figure's unit),
    ``ratio_targets`` (where there is a target) and ``results`` (the table's verdict).
    """
    out: dict = {}
    same_run: dict[str, dict] = {"ratios": {}, "references": {}, "ratio_targets": {},
                                 "results": {}}
    for figure in figures:
        if figure.key not in JSON_KEYS:
            continue
        _put(out, figure, figure.median)
        if figure.same_run is not None:
            _put(same_run["ratios"], figure, figure.ratio)
            _put(same_run["references"], figure, figure.same_run.median)
            if figure.ratio_target is not None:
                _put(same_run["ratio_targets"], figure, figure.ratio_target)
        if figure.verdict:
            _put(same_run["results"], figure, figure.verdict)
    out.update(same_run)
    out["meta"] = meta
    return out
