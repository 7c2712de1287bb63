"""The desk's diagram uses its space: layer titles whole while there is room beside them,
one neuron radius for every column (the widest layer's), and neuron maps clear of each
other and of the bias tabs; rows of titles are moved apart rather than shortened."""

import pytest

from app.session import Session
from tests.test_diagram import make
from widgets.diagram.chrome import EDGE, GAP, OVER, spread


def network(sizes, activations, loss=None):
    session = Session()
    session.confirm = lambda _question: True
    with session.batch(confirm=False):
        assert session.set_architecture(sizes, activations, loss)
    return session


@pytest.mark.parametrize("size", [(560, 380), (700, 420), (1000, 700)])
def test_2_8_8_1_has_whole_titles_one_radius_and_clear_maps(qtbot, size):
    session = network([2, 8, 8, 1], ["tanh", "tanh", "sigmoid"])
    _, d = make(qtbot, session, size)
    d.grab()
    texts = {t.text.replace("\n", " · ") for t in d.painted_texts}  # stacked: two lines
    titles = {"Layer 1 · input", "Layer 2 · tanh", "Layer 4 · output", "1 neuron · sigmoid",
              "8 neurons"}
    assert titles <= texts and not titles & set(d.elided_texts), d.elided_texts
    widths = {round(d.neuron_rect(layer, j).width(), 6)
              for layer, n in enumerate(session.network.sizes, start=1) for j in range(n)}
    assert len(widths) == 1  # the inputs as big as the hidden neurons, no bigger
    rects = [(layer, j) for layer in (2, 3, 4) for j in range(session.network.sizes[layer - 1])]
    maps = [m for m in (d.map_rect(*n) for n in rects) if m is not None]
    tabs = [t for t in (d.bias_rect(*n) for n in rects) if t is not None]
    if size[0] >= 1000:  # room for both (smaller, the maps or the tabs are left out)
        assert len(maps) == len(tabs) == len(rects)
    for i, m in enumerate(maps):
        for other in maps[i + 1:] + tabs:
            assert not m.intersects(other), (m, other)


def test_spread_moves_boxes_apart_but_keeps_each_over_its_column():
    lefts = spread([130, 270, 410], [150, 150, 150], 800)
    assert lefts is not None
    for left, x, w in zip(lefts, [130, 270, 410], [150, 150, 150], strict=True):
        assert left + OVER * w - 0.01 <= x <= left + (1 - OVER) * w + 0.01
    assert all(b - (a + 150) >= GAP - 0.01 for a, b in zip(lefts, lefts[1:], strict=False))
    assert lefts[0] >= EDGE
    assert spread([100, 130, 160], [150, 150, 150], 800) is None  # too close: no such row
    assert spread([400], [100], 800) == [350]  # alone: centred


def _title_boxes(d) -> dict[str, list]:
    boxes: dict[str, list] = {}
    for t in d.painted_texts:
        boxes.setdefault(t.text, []).append(t.rect)
    return boxes


def test_a_deep_network_in_a_narrow_diagram_writes_its_titles_short_and_whole(qtbot):
    """Playground's spiral (2, six layers of 8, 1) in the desk diagram of a 1280×720
    window: "Layer 1 2 … 8" over "neurons 2 8 … 1", each number over its column, the
    rows' words before layer 1's, nothing shortened; with room, the titles are whole."""
    session = network([2] + [8] * 6 + [1], ["tanh"] * 7)
    _, d = make(qtbot, session, (570, 330))
    d.grab()
    assert not d.elided_texts
    boxes = _title_boxes(d)
    xs = [d.neuron_rect(layer, 0).center().x() for layer in range(1, 9)]
    title_y = boxes["Layer"][0].center().y()
    for layer, x in enumerate(xs, start=1):
        (number,) = [r for r in boxes[str(layer)]
                     if abs(r.center().y() - title_y) < 1]  # the title row's
        assert number.left() <= x <= number.right()
    sizes = [r for r in boxes["8"] if abs(r.center().y() - title_y) > 5]
    assert len(sizes) == 6 and all(r.top() > title_y for r in sizes)
    first = [r for r in boxes["1"] if abs(r.center().y() - title_y) < 1][0]
    assert EDGE <= boxes["Layer"][0].left() and boxes["Layer"][0].right() < first.left()
    assert boxes["neurons"][0].right() < first.left()
    assert "Layer 5 · tanh" not in boxes
    d.resize(1400, 700)
    d.grab()
    texts = {t.text.replace("\n", " · ") for t in d.painted_texts}
    assert {"Layer 5 · tanh", "8 neurons"} <= texts and "Layer" not in texts
    assert not d.elided_texts


def test_the_desk_legend_says_its_labels_whole_in_a_narrow_diagram(qtbot):
    """A 1280×720 window's diagram (~570 px): at every step of Playground's default the
    legend's two labels ("neurons: activation a (layer 4)", the edges' over the bias key)
    are whole, the neurons' bar widened for its label, every bar at least 80 px; and the
    caption is whole on its two lines (BP3 and BP4's needs the smaller type)."""
    from bench.setups import playground_default, spec
    from widgets.diagram.legend import legend_bars

    session = Session(spec(playground_default()))
    _, d = make(qtbot, session, (570, 330))
    seen = set()
    for step in range(session.n_steps):
        session.go_to_step(step)
        d.grab()
        assert not d.elided_texts, (step, d.elided_texts)
        caption = session.trace.steps[step].caption
        (drawn,) = [t for t in d.painted_texts if t.text == caption]
        assert not drawn.clipped, (step, caption)
        labels = [t for t in d.painted_texts if t.text.startswith(("neurons:", "edges:"))]
        assert len(labels) == 2 and all(t.rect.right() <= 570 - 16 + 1 for t in labels)
        seen |= {t.text for t in labels}
        n_bar, e_bar = legend_bars(d._scene(d._geometry().chrome, d._geometry().layout, (),
                                            hovered=False))
        assert n_bar >= e_bar >= 80
    assert "neurons: activation a (layer 4)" in seen


def test_the_check_key_fits_beside_the_bias_key_in_a_narrow_diagram(qtbot):
    """After "Check every parameter", the key over the edges' bar: its words and its three
    classes whole, inside the picture, none over the bias key or the neurons' bar label."""
    from bench.setups import playground_default, spec
    from widgets.diagram.check_classes import CLASSES

    session = Session(spec(playground_default()))
    _, d = make(qtbot, session, (570, 330))
    session.checker.start()
    qtbot.waitUntil(lambda: not session.checker.running, timeout=20_000)
    d.grab()
    texts = {t.text: t.rect for t in d.painted_texts}
    key = ["edges: gradient check's relative error", *(words for *_, words in CLASSES)]
    bias = next(r for text, r in texts.items() if text.startswith("bias b"))
    neurons = next(r for text, r in texts.items() if text.startswith("neurons:"))
    picture = d.rect().adjusted(0, 0, 1, 1)
    for words in key:
        rect = texts[words]
        assert picture.contains(rect.toAlignedRect()), (words, rect)
        inner = rect.adjusted(1, 1, -1, -1)  # a pixel of line spacing may touch
        assert not inner.intersects(bias) and not inner.intersects(neurons), words
    assert not d.elided_texts


def test_controls_only_where_their_buttons_fit(qtbot):
    """Eight columns in a 1280×720 window's diagram are too close for each hidden layer's
    "−", "+", "×": no strip (the neurons get its height); wider, or zoomed in, the strip
    comes back with no two buttons touching."""
    from widgets.diagram.controls import overlap

    session = network([2] + [8] * 6 + [1], ["tanh"] * 7)
    _, d = make(qtbot, session, (570, 330))
    assert d.control_rect("add_neuron", 2) is None and d._geometry().chrome.controls_y is None
    d.resize(1400, 700)
    qtbot.wait(10)
    assert d.control_rect("add_neuron", 2) is not None and not overlap(d._controls())
    d.resize(570, 330)
    d.zoom_in()
    d.zoom_in()
    qtbot.wait(10)
    assert not overlap(d._controls())
