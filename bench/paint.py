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
"""

from __future__ import annotations

import time

from PySide6 import QtCore, QtGui, QtWidgets

from bench import qtloop, setups
from bench.figures import Figure

DIAGRAM_SIZE = (1280, 800)
STEP_TIMEOUT_S = 5.0


def _diagram(name: str):
    from app.session import Session
    from widgets.diagram import NetworkDiagram

    qtloop.application()
    session = Session(setups.spec(setups.network_object(name)))
    diagram = NetworkDiagram(session)
    diagram.set_show_maps(True)
    qtloop.show(diagram, *DIAGRAM_SIZE)
    return session, diagram


def _image() -> QtGui.QImage:
    image = QtGui.QImage(*DIAGRAM_SIZE, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QtGui.QColor("white"))
    return image


def _render_ms(diagram, image: QtGui.QImage) -> float:
    start = time.perf_counter()
    QtWidgets.QWidget.render(diagram, image)
    return (time.perf_counter() - start) * 1000


def repaint_ms(diagram, repeats: int) -> list[float]:
    """Full repaints after a resize, in ms."""
    width, height = DIAGRAM_SIZE
    image = _image()
    times = []
    for _ in range(repeats):
        diagram.resize(width - 80, height - 50)
        diagram.resize(width, height)
        if (diagram.width(), diagram.height()) != DIAGRAM_SIZE:
            raise RuntimeError(f"diagram is {diagram.width()}×{diagram.height()}, "
                               f"not {width}×{height}")
        times.append(_render_ms(diagram, image))
        qtloop.application().processEvents()  # the resize's own update, untimed
    return times


def recolour_ms(session, diagram, repeats: int) -> list[float]:
    """One iteration's new values applied to the diagram and painted, in ms."""
    image = _image()
    times = []
    for _ in range(repeats):
        held = session.blockSignals(True)
        try:
            session.train_for(0)  # exactly one iteration; the cursor on its update step
        finally:
            session.blockSignals(held)
        start = time.perf_counter()
        session.changed.emit()
        QtWidgets.QWidget.render(diagram, image)
        times.append((time.perf_counter() - start) * 1000)
        qtloop.application().processEvents()
    return times


def diagram_figures(repeats: int) -> tuple[dict[str, Figure], dict[str, Figure]]:
    """``repaint_ms`` and ``recolour_ms`` for every network."""
    repaint, recolour = {}, {}
    for name in setups.NETWORKS:
        session, diagram = _diagram(name)
        _render_ms(diagram, _image())  # first paint: fonts and glyph caches, not measured
        repaint[name] = Figure("repaint_ms", name, repaint_ms(diagram, repeats), "ms", 16.0,
                               higher_is_better=False)
        recolour[name] = Figure("recolour_ms", name, recolour_ms(session, diagram, repeats),
                                "ms", 16.0, higher_is_better=False)
        diagram.hide()
        diagram.deleteLater()
        qtloop.settle(1)
    return repaint, recolour


def next_step_ms(window, repeats: int) -> list[float]:
    """Right-arrow key to the diagram painted, in ms, over ``repeats`` consecutive steps."""
    from PySide6.QtTest import QTest

    app = qtloop.application()
    counter = qtloop.PaintCounter(window.diagram)
    times = []
    for _ in range(repeats):
        qtloop.settle(2)
        painted = counter.count
        start = time.perf_counter()
        QTest.keyClick(window, QtCore.Qt.Key.Key_Right)
        while counter.count == painted:
            app.processEvents()
            if time.perf_counter() - start > STEP_TIMEOUT_S:
                raise RuntimeError("the diagram did not repaint after Next")
        times.append((time.perf_counter() - start) * 1000)
    counter.deleteLater()
    return times


def step_figures(window, repeats: int) -> dict[str, Figure]:
    """``step_ms`` for the small networks; the target is for 64-32-10."""
    figures = {}
    for name in setups.SMALL_NETWORKS:
        window.session.open_spec(setups.spec(setups.network_object(name)))
        window.activateWindow()
        window.diagram.setFocus()
        figures[name] = Figure("step_ms", name, next_step_ms(window, repeats), "ms",
                               16.0 if name == "64-32-10" else None, higher_is_better=False)
    return figures
