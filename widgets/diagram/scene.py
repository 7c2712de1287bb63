"""What one paint of the diagram needs, as plain values: the widget builds a ``Scene`` from
the session and its caches, and the painters (diagram.paint and the modules it calls) read
only the scene, its theme included."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6 import QtCore, QtGui

from model.stepview import StepView
from widgets.diagram.chrome import Chrome
from widgets.diagram.controls import Control
from widgets.diagram.layout import Layout
from widgets.diagram.lod import Lod
from widgets.diagram.maps import MapTiles
from widgets.diagram.plan import Plan
from widgets.diagram.theme import NORMAL, Theme

Array = np.ndarray


@dataclass(frozen=True)
class Popup:
    """The enlarged neuron map drawn near the cursor while a neuron is hovered."""

    image: QtGui.QImage
    at: QtCore.QPointF  # the cursor
    title: str
    marker: tuple[float, float] | None = None  # the shown sample in the map (0..1, 0..1)


@dataclass(frozen=True)
class Scene:
    """Everything one paint needs; built by the widget from the session."""

    chrome: Chrome
    layout: Layout
    plan: Plan
    lines: Array  # segments of plan.rows, same order
    view: StepView
    activation_names: tuple[str, ...]
    feature_names: tuple[str, ...]
    target_names: tuple[str, ...]
    caption: str
    headline: str
    selected_neuron: tuple[int, int] | None
    selected_edge: tuple[int, int, int] | None
    hovered_edge: tuple[int, int, int] | None
    show_values: bool
    tiles: MapTiles | None = None  # neuron maps, when shown
    notes: tuple[str, ...] = ()  # extra headline lines
    controls: tuple[Control, ...] = ()
    hovered_control: Control | None = None
    popup: Popup | None = None
    nudge: tuple[str, QtCore.QPointF] | None = None  # Alt-drag preview text and where
    theme: Theme = NORMAL
    spotlight: tuple[int, int] | None = None  # (layer, j): everything else is dimmed
    lod: Lod | None = None  # a big network's level of detail (None: every edge is drawn)
    check: Array | None = None  # per edge (layout order) its gradient check's error, or None

