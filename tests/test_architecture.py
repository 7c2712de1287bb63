"""Architecture edits keep exactly the weights that still fit; the rest are fresh seeded ones."""

import numpy as np
import pytest

from model.architecture import (
    add_neuron,
    insert_layer,
    rebuild,
    remap_inputs,
    remove_layer,
    remove_neuron,
    resize_layers,
)
from model.errors import ValidationError
from model.network import Network

SEED = 7


def trained(sizes, acts="sigmoid", seed=3) -> Network:
    """A network whose biases are non-zero (fresh ones are 0), so copying them is visible."""
    net = Network.create(list(sizes), acts, seed=seed)
    for l, b in enumerate(net.biases):
        b[:] = np.arange(1, len(b) + 1) / 10 + l
    return net


def hand_231() -> Network:
    return Network.create(
        [2, 3, 1], "sigmoid",
        weights=[[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [[7.0, 8.0, 9.0]]],
        biases=[[0.1, 0.2, 0.3], [0.5]],
    )


def apply(net: Network, edit) -> Network:
    sizes, acts, origins = edit
    return rebuild(net, sizes, acts, net.loss.name, "small_random", SEED, origins)


def fresh(sizes, acts="sigmoid") -> Network:
    return Network.create(list(sizes), acts, seed=SEED)


def test_add_neuron_keeps_everything_and_new_entries_are_fresh():
    old = trained([2, 3, 1])
    new = apply(old, add_neuron(old, 1))
    ref = fresh([2, 4, 1])
    assert new.sizes == (2, 4, 1)
    np.testing.assert_array_equal(new.weights[0][:3], old.weights[0])
    np.testing.assert_array_equal(new.biases[0][:3], [0.1, 0.2, 0.3])
    np.testing.assert_array_equal(new.weights[1][:, :3], old.weights[1])
    np.testing.assert_array_equal(new.biases[1], [1.1])
    np.testing.assert_array_equal(new.weights[0][3], ref.weights[0][3])
    np.testing.assert_array_equal(new.weights[1][:, 3], ref.weights[1][:, 3])
    assert new.biases[0][3] == 0.0
    assert new.weights[0][3, 0] != old.weights[0][2, 0]  # really a different number


def test_remove_first_neuron_shifts_the_rest_by_hand():
    new = apply(hand_231(), remove_neuron(hand_231(), 1, j=0))
    assert new.sizes == (2, 2, 1)
    np.testing.assert_array_equal(new.weights[0], [[3.0, 4.0], [5.0, 6.0]])
    np.testing.assert_array_equal(new.biases[0], [0.2, 0.3])
    np.testing.assert_array_equal(new.weights[1], [[8.0, 9.0]])
    np.testing.assert_array_equal(new.biases[1], [0.5])


def test_remove_neuron_default_is_the_last():
    new = apply(hand_231(), remove_neuron(hand_231(), 1))
    np.testing.assert_array_equal(new.weights[0], [[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(new.weights[1], [[7.0, 8.0]])


def test_insert_layer_fresh_around_it_kept_elsewhere():
    old = trained([2, 3, 1])
    sizes, acts, origins = insert_layer(old, 2, 4, "tanh")
    assert sizes == (2, 3, 4, 1) and acts == ("sigmoid", "tanh", "sigmoid")
    assert origins[2] is None
    new = apply(old, (sizes, acts, origins))
    ref = fresh(sizes, list(acts))
    np.testing.assert_array_equal(new.weights[0], old.weights[0])
    np.testing.assert_array_equal(new.biases[0], old.biases[0])
    np.testing.assert_array_equal(new.weights[1], ref.weights[1])  # into the new layer
    np.testing.assert_array_equal(new.biases[1], np.zeros(4))
    np.testing.assert_array_equal(new.weights[2], ref.weights[2])  # out of it
    np.testing.assert_array_equal(new.biases[2], [1.1])  # the output keeps its bias


def test_insert_layer_after_the_input():
    old = trained([2, 3, 1])
    sizes, acts, _ = edit = insert_layer(old, 1, 5, "relu")
    assert sizes == (2, 5, 3, 1) and acts == ("relu", "sigmoid", "sigmoid")
    new = apply(old, edit)
    np.testing.assert_array_equal(new.weights[2], old.weights[1])
    np.testing.assert_array_equal(new.biases[1], old.biases[0])


def test_remove_layer_reconnects_with_fresh_weights():
    old = trained([2, 3, 4, 1])
    sizes, acts, _ = edit = remove_layer(old, 1)
    assert sizes == (2, 4, 1) and acts == ("sigmoid", "sigmoid")
    new = apply(old, edit)
    np.testing.assert_array_equal(new.weights[0], fresh([2, 4, 1]).weights[0])
    np.testing.assert_array_equal(new.biases[0], old.biases[1])  # [1.1, 1.2, 1.3, 1.4]
    np.testing.assert_array_equal(new.weights[1], old.weights[2])
    np.testing.assert_array_equal(new.biases[1], [2.1])


def test_remap_inputs_reorders_and_adds_a_fresh_column():
    old = hand_231()
    sizes, _, _ = edit = remap_inputs(old, [1, 0, -1])
    assert sizes == (3, 3, 1)
    new = apply(old, edit)
    ref = fresh([3, 3, 1])
    np.testing.assert_array_equal(new.weights[0][:, :2], [[2.0, 1.0], [4.0, 3.0], [6.0, 5.0]])
    np.testing.assert_array_equal(new.weights[0][:, 2], ref.weights[0][:, 2])
    np.testing.assert_array_equal(new.weights[1], [[7.0, 8.0, 9.0]])
    np.testing.assert_array_equal(new.biases[0], [0.1, 0.2, 0.3])


def test_remap_inputs_dropping_one():
    new = apply(hand_231(), remap_inputs(hand_231(), [1]))
    np.testing.assert_array_equal(new.weights[0], [[2.0], [4.0], [6.0]])


def test_zero_effect_new_neuron_and_input_leave_the_forward_unchanged():
    old = trained([2, 3, 3, 1], ["tanh", "relu", "sigmoid"])
    x = np.random.default_rng(0).normal(size=(6, 2))
    new = apply(old, add_neuron(old, 2))
    new.weights[2][:, 3] = 0.0  # the new neuron's outgoing weights
    np.testing.assert_array_equal(new.predict(x), old.predict(x))
    wider = apply(old, remap_inputs(old, [0, 1, -1]))
    wider.weights[0][:, 2] = 0.0
    x3 = np.column_stack([x, np.full(6, 5.0)])
    np.testing.assert_array_equal(wider.predict(x3), old.predict(x))


def test_resize_same_depth_keeps_the_first_neurons():
    old = trained([2, 3, 1])
    sizes, acts, _ = edit = resize_layers(old, [2, 5, 1], ["tanh", "sigmoid"])
    assert sizes == (2, 5, 1) and acts == ("tanh", "sigmoid")
    new = apply(old, edit)
    ref = fresh([2, 5, 1], ["tanh", "sigmoid"])
    np.testing.assert_array_equal(new.weights[0][:3], old.weights[0])
    np.testing.assert_array_equal(new.weights[0][3:], ref.weights[0][3:])
    np.testing.assert_array_equal(new.weights[1][:, :3], old.weights[1])
    np.testing.assert_array_equal(new.weights[1][:, 3:], ref.weights[1][:, 3:])


def test_resize_fewer_hidden_layers_drops_at_the_end():
    old = trained([2, 3, 4, 1])
    sizes, _, origins = edit = resize_layers(old, [2, 2, 1], "sigmoid")
    assert [o if o is None else (o[0], list(o[1])) for o in origins] == [
        (0, [0, 1]), (1, [0, 1]), (3, [0])]
    new = apply(old, edit)
    np.testing.assert_array_equal(new.weights[0], old.weights[0][:2])
    np.testing.assert_array_equal(new.biases[0], [0.1, 0.2])
    # old layers 1 and 3 were not adjacent: the output's weights are fresh, its bias kept
    np.testing.assert_array_equal(new.weights[1], fresh(sizes).weights[1])
    np.testing.assert_array_equal(new.biases[1], [2.1])


def test_resize_more_hidden_layers_adds_at_the_end():
    old = trained([2, 3, 1])
    sizes, _, origins = edit = resize_layers(old, [2, 2, 4, 1], "sigmoid")
    assert origins[2] is None and origins[3][0] == 2
    new = apply(old, edit)
    ref = fresh(sizes)
    np.testing.assert_array_equal(new.weights[0], old.weights[0][:2])
    np.testing.assert_array_equal(new.weights[1], ref.weights[1])
    np.testing.assert_array_equal(new.weights[2], ref.weights[2])
    np.testing.assert_array_equal(new.biases[2], [1.1])


def test_rebuild_without_origins_is_a_fresh_network():
    old = trained([2, 3, 1])
    new = rebuild(old, [2, 3, 1], "sigmoid", "quadratic", "xavier", 11, [None, None, None])
    ref = Network.create([2, 3, 1], "sigmoid", init="xavier", seed=11)
    for a, b in zip(new.weights + new.biases, ref.weights + ref.biases, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("make, field, words", [
    (lambda n: remove_neuron(n, 0), "network.layers[0]", "input layer's size"),
    (lambda n: remove_neuron(n, 2), "network.layers[2]", "output layer's size"),
    (lambda n: add_neuron(n, 2), "network.layers[2]", "output layer's size"),
    (lambda n: remove_layer(n, 2), "network.layers[2]", "output layer"),
    (lambda n: remove_neuron(n, 1, j=3), "neuron", "between 0 and 2, got 3"),
    (lambda n: insert_layer(n, 0, 3, "tanh"), "layer", "between 1 and 2, got 0"),
    (lambda n: insert_layer(n, 3, 3, "tanh"), "layer", "between 1 and 2, got 3"),
    (lambda n: insert_layer(n, 1, 0, "tanh"), "network.layers[1]", "got 0"),
    (lambda n: remap_inputs(n, [0, 2]), "neuron_map", "old neuron 0..1"),
])
def test_edits_refused(make, field, words):
    with pytest.raises(ValidationError) as err:
        make(hand_231())
    assert err.value.field == field
    assert words in str(err.value)


def test_cannot_remove_the_last_neuron_of_a_layer():
    net = Network.create([2, 1, 1], "sigmoid")
    with pytest.raises(ValidationError, match=r"network.layers\[1\]: has only 1 neuron"):
        remove_neuron(net, 1)


def test_no_hidden_layer_to_edit():
    net = Network.create([2, 1, 1], "sigmoid")
    two = Network.create([2, 1], "sigmoid")
    assert add_neuron(net, 1)[0] == (2, 2, 1)
    with pytest.raises(ValidationError, match="output layer"):
        add_neuron(two, 1)


def test_create_validates_the_result():
    old = hand_231()
    sizes, acts, origins = insert_layer(old, 1, 3, "softmax")
    with pytest.raises(ValidationError, match=r"network.activations\[0\]: softmax"):
        apply(old, (sizes, acts, origins))


@pytest.mark.parametrize("origins, field", [
    ([None, None], "origins"),
    ([None, (5, [0, 1, 2]), None], "origins[1][0]"),
    ([None, (1, [0, 1]), None], "origins[1][1]"),
    ([None, (1, [0, 1, 3]), None], "origins[1][1]"),
    ([None, (1, [0.0, 1.0, 2.0]), None], "origins[1][1]"),
    ([None, "x", None], "origins[1]"),
])
def test_bad_origins_refused(origins, field):
    with pytest.raises(ValidationError) as err:
        rebuild(hand_231(), [2, 3, 1], "sigmoid", "quadratic", "small_random", 0, origins)
    assert err.value.field == field


def test_resize_refuses_activations_that_are_not_a_list():
    with pytest.raises(ValidationError, match=r"^network.activations: must be a list"):
        resize_layers(hand_231(), [2, 3, 1], None)
