"""Drawing costs: a full repaint of the diagram, a recolour after a step, and Next → painted.

``repaint_ms``: a NetworkDiagram alone, shown offscreen at 1280×800. Each repeat resizes it
away and back (nothing painted in between), which drops its cached geometry, edge segments,
map tiles and edge image exactly as a user's resize does, then times
``QWidget.render`` into a QImage — the widget's own paintEvent, not QGraphicsView.render.

``recolour_ms``: the session advances one iteration with its signals held back (the model's
cost is not the diagram's), then the timer runs from emitting ``changed`` (the diagram
recomputes its colours and edge groups, and on 2-D data its maps) to the render's end.

``step_ms``: the whole main window at 1600×960; from a Right-arrow key press (QTest) to the
end of the event-loop pass in which the diagram was painted (every dock repaints in it).

Every repeat is paired with its reference (``bench.reference_paint``) timed just before it
the same way, so both see the same machine: the 2,400-line canvas rendered into a QImage of
the diagram's size, or repainted as a top-level window of the main window's size.
"""

from __future__ import annotations

import time

from PySide6 import QtCore, QtWidgets

from bench import qtloop, reference_paint, setups
from bench.figures import Figure, Reference
from bench.live import WINDOW_SIZE
from bench.reference_paint import image, render_ms

DIAGRAM_SIZE = (1280, 800)
LINES_RENDER = "2,400 lines"
LINES_REPAINT = "2,400-line window"


def _diagram(name: str):
    from app.session import Session
    from widgets.diagram import NetworkDiagram

    qtloop.application()
    session = Session(setups.spec(setups.network_object(name)))
    diagram = NetworkDiagram(session)
    diagram.set_show_maps(True)
    qtloop.show(diagram, *DIAGRAM_SIZE)
    return session, diagram


def repaint_ms(diagram, canvas, repeats: int) -> tuple[list[float], list[float]]:
    """Full repaints after a resize, each after the canvas's render, in ms: (diagram, canvas)."""
    width, height = DIAGRAM_SIZE
    target, scratch = image(width, height), image(width, height)
    times, references = [], []
    for _ in range(repeats):
        references.append(render_ms(canvas, scratch))
        diagram.resize(width - 80, height - 50)
        diagram.resize(width, height)
        if (diagram.width(), diagram.height()) != DIAGRAM_SIZE:
            raise RuntimeError(f"diagram is {diagram.width()}×{diagram.height()}, "
                               f"not {width}×{height}")
        times.append(render_ms(diagram, target))
        qtloop.application().processEvents()  # the resize's own update, untimed
    return times, references


def recolour_ms(session, diagram, canvas, repeats: int) -> tuple[list[float], list[float]]:
    """One iteration's new values applied to the diagram and painted, each after the
    canvas's render, in ms: (diagram, canvas)."""
    target, scratch = image(*DIAGRAM_SIZE), image(*DIAGRAM_SIZE)
    times, references = [], []
    for _ in range(repeats):
        held = session.blockSignals(True)
        try:
            session.train_for(0)  # exactly one iteration; the cursor on its update step
        finally:
            session.blockSignals(held)
        references.append(render_ms(canvas, scratch))
        start = time.perf_counter()
        session.changed.emit()
        QtWidgets.QWidget.render(diagram, target)
        times.append((time.perf_counter() - start) * 1000)
        qtloop.application().processEvents()
    return times, references


def _paint_figure(key: str, name: str, measured: tuple[list[float], list[float]],
                  reference: str, nominal: float, target: float | None) -> Figure:
    times, references = measured
    return Figure(key, name, times, "ms", target, higher_is_better=False,
                  same_run=Reference(reference, references, nominal))


def diagram_figures(repeats: int) -> tuple[dict[str, Figure], dict[str, Figure]]:
    """``repaint_ms`` and ``recolour_ms`` for every network, each with the canvas's render."""
    canvas = reference_paint.canvas(*DIAGRAM_SIZE)
    nominal = reference_paint.RENDER_NOMINAL_MS
    repaint, recolour = {}, {}
    for name in setups.NETWORKS:
        session, diagram = _diagram(name)
        render_ms(diagram, image(*DIAGRAM_SIZE))  # first paint: fonts, glyphs; not measured
        repaint[name] = _paint_figure("repaint_ms", name, repaint_ms(diagram, canvas, repeats),
                                      LINES_RENDER, nominal, 16.0)
        recolour[name] = _paint_figure("recolour_ms", name,
                                       recolour_ms(session, diagram, canvas, repeats),
                                       LINES_RENDER, nominal, 16.0)
        reference_paint.close(diagram)
    reference_paint.close(canvas)
    return repaint, recolour


def next_step_ms(window, canvas, repeats: int) -> tuple[list[float], list[float]]:
    """Right-arrow key to the diagram painted over ``repeats`` consecutive steps, each after
    the canvas's ``update()`` to painted, in ms: (steps, canvas)."""
    from PySide6.QtTest import QTest

    counter = qtloop.PaintCounter(window.diagram)
    canvas_counter = qtloop.PaintCounter(canvas)
    times, references = [], []
    for _ in range(repeats):
        qtloop.settle(2)
        references.append(reference_paint.update_ms(canvas, canvas_counter))
        qtloop.settle(2)
        painted = counter.count
        start = time.perf_counter()
        QTest.keyClick(window, QtCore.Qt.Key.Key_Right)
        times.append(reference_paint.wait_painted(counter, painted, start, "the diagram"))
    counter.deleteLater()
    canvas_counter.deleteLater()
    return times, references


def step_figures(window, repeats: int) -> dict[str, Figure]:
    """``step_ms`` for the small networks; the target is for 64-32-10."""
    canvas = reference_paint.canvas(*WINDOW_SIZE)
    figures = {}
    for name in setups.SMALL_NETWORKS:
        window.session.open_spec(setups.spec(setups.network_object(name)))
        window.activateWindow()
        window.diagram.setFocus()
        figures[name] = _paint_figure("step_ms", name, next_step_ms(window, canvas, repeats),
                                      LINES_REPAINT, reference_paint.REPAINT_NOMINAL_MS,
                                      16.0 if name == "64-32-10" else None)
    reference_paint.close(canvas)
    return figures
