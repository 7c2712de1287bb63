"""QPainter drawing of the network diagram, for the widget and for images alike.

A paint reads one ``Scene`` (diagram.scene) and draws in two layers: ``paint_base`` (the
background, the computed layer's band and the edges: what changes only with the step or the
geometry, so the widget keeps it as a cached image) and ``paint_overlay`` (everything over
it: highlighted edges, maps, neurons, text, controls, spotlight, popup). Every size and colour
comes from the scene's theme. The jobs live beside this module: edges, neurons, titles,
headline (and legend), overlay; big networks add a level of detail (diagram.lod): a band for
the hidden edges under the drawn ones and compact layers as images (diagram.compact).
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui

from widgets.diagram.check import paint_check
from widgets.diagram.compact import paint_bands
from widgets.diagram.controls import paint_controls
from widgets.diagram.edges import paint_edges, paint_highlighted_edges
from widgets.diagram.headline import paint_headline
from widgets.diagram.legend import paint_legend
from widgets.diagram.neurons import paint_maps, paint_neurons, paint_side_labels
from widgets.diagram.overlay import paint_nudge, paint_popup, paint_spotlight
from widgets.diagram.scene import Scene
from widgets.diagram.theme import BACKGROUND
from widgets.diagram.titles import paint_titles_and_scales


def paint_scene(p: QtGui.QPainter, s: Scene) -> None:
    paint_base(p, s)
    paint_overlay(p, s)


def paint_base(p: QtGui.QPainter, s: Scene) -> None:
    """Background, active-layer band and edges: what only changes with the step or geometry."""
    c = s.chrome
    p.fillRect(QtCore.QRectF(0, 0, c.width, c.height), BACKGROUND)
    _band(p, s)
    paint_bands(p, s.layout, s.lod)
    paint_edges(p, s)


def paint_overlay(p: QtGui.QPainter, s: Scene) -> None:
    """Highlighted edges, neurons and all text, over ``paint_base``; then the spotlight."""
    p.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing, True)
    p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
    paint_check(p, s)  # the gradient check's colours over the edges, when there is one
    paint_highlighted_edges(p, s)
    paint_maps(p, s)
    for i in range(len(s.layout.sizes)):
        paint_neurons(p, s, i)
    paint_side_labels(p, s)
    if s.controls:
        paint_controls(p, s.controls, s.hovered_control)
    paint_titles_and_scales(p, s)
    paint_spotlight(p, s)
    paint_headline(p, s)
    paint_legend(p, s)  # with the gradient check's key in place of the edges' bar
    paint_popup(p, s)
    paint_nudge(p, s)


def _band(p: QtGui.QPainter, s: Scene) -> None:
    """The computed layer's band, behind its column from the title to the scale row."""
    layer = s.view.step.layer
    if layer is None:
        return
    x, r = s.layout.xs[layer - 1], s.layout.radii[layer - 1]
    half = max(1.6 * r, 40.0)
    if s.layout.grid(layer - 1) is not None:
        half = max(s.layout.half_width(layer - 1) + 12.0, half)
    top = s.chrome.title_y - 4
    rect = QtCore.QRectF(x - half, top, 2 * half, s.chrome.footer_y - top)
    p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
    p.setPen(QtCore.Qt.PenStyle.NoPen)
    p.setBrush(s.theme.band)
    p.drawRoundedRect(rect, 12, 12)
