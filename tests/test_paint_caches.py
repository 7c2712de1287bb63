"""The diagram's paint caches give what measuring afresh gives: text widths and heights in
the theme's fonts, the legend's bar images, side-label room, the titles of the last paint."""

import numpy as np
from PySide6 import QtGui

from tests.test_diagram import make
from tests.test_diagram_space import network
from widgets.colormap import Scale, to_rgb
from widgets.diagram.chrome import _side_label_widths
from widgets.diagram.legend import bar_image
from widgets.diagram.theme import (
    LABEL_FONT,
    NORMAL,
    SMALL_FONT,
    projector_theme,
    text_height,
    text_width,
)

WORDS = ["Layer 2 · tanh", "−0.734", "x₁ = 0.5", "", "Neurons: activation a"]


def test_widths_and_heights_of_theme_fonts_are_the_metrics_own(qtbot):
    for theme in (NORMAL, projector_theme(20.0)):
        for spec in (SMALL_FONT, LABEL_FONT):
            f = theme.font(*spec)
            fresh = QtGui.QFontMetricsF(QtGui.QFont(f))
            assert text_height(f) == fresh.height() > 0
            for word in WORDS * 2:  # the second time from the cache
                assert text_width(f, word) == fresh.horizontalAdvance(word)
    other = QtGui.QFont()
    other.setPointSizeF(31.0)  # not a theme font: measured each time, still right
    assert text_width(other, "abc") == QtGui.QFontMetricsF(other).horizontalAdvance("abc")


def test_bar_image_is_the_colour_map_made_once_per_range(qtbot):
    scale = Scale(-2.0, 2.0)
    image = bar_image(scale)
    assert bar_image(Scale(-2.0, 2.0)) is image and bar_image(Scale(-1.0, 1.0)) is not image
    rgb = to_rgb(np.linspace(-2.0, 2.0, 256), scale)
    for x in (0, 128, 255):
        c = image.pixelColor(x, 0)
        assert (c.red(), c.green(), c.blue()) == tuple(int(v) for v in rgb[x])


def test_side_labels_of_a_784_pixel_input_take_no_room_and_outputs_do(qtbot):
    names = tuple(f"pixel {i}" for i in range(784))
    ins, outs = _side_label_widths((784, 128, 10), names, tuple(f"y{i}" for i in range(10)),
                                   600.0, NORMAL)
    assert ins == 0.0 and outs > 0.0


def test_titles_reused_between_paints_are_those_made_afresh(qtbot):
    session = network([2, 8, 8, 1], ["tanh", "tanh", "sigmoid"])
    _, d = make(qtbot, session, (1000, 700))
    d.grab()
    for _ in range(3):  # through the forward pass: the bold title moves from layer to layer
        session.next_step()
        d.grab()
    again = [(t.text, t.rect.getRect()) for t in d.painted_texts]
    _, fresh = make(qtbot, session, (1000, 700))  # its own geometry: nothing reused
    fresh.grab()
    assert [(t.text, t.rect.getRect()) for t in fresh.painted_texts] == again
    assert {"Layer 1 · input", "Layer 2 · tanh", "8 neurons"} <= {text for text, _ in again}
