"""The settings dock: change the network and how it trains without editing JSON.

Two kinds of controls, because the two kinds of change cost differently:

* Network (layer sizes, activations, loss) is a draft: the rows can be edited freely and
  nothing happens until "Apply" sends the whole architecture to
  ``Session.set_architecture`` (which restarts training, so it may ask first). If the
  session refuses (its ``problem`` dialog says why) or the user cancels, the draft stays
  on screen to be fixed or reverted; after a ``reset`` the rows show the session's network.
* Training settings apply at once through ``Session.set_training``: the update rule, the
  rates and the batch size change from the current iteration on; the seed and shuffling
  start training over. A refused or cancelled change shows the session's value again.

Every control shows the session's value after ``reset`` and ``changed`` (stepping back
across a learning-rate change shows the old rate); signals are blocked while it does, so
refreshing never edits. A control the user is typing in keeps its text until the session's
value itself changes.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from model.activations import ACTIVATIONS
from model.losses import LOSSES
from model.network import INITIALISERS, MAX_LAYERS
from widgets.form_controls import (
    FONT_POINTS,
    Combo,
    DoubleSpinBox,
    NumberBox,
    SpinBox,
    add_rows,
    sized_font,
)

HEADING_POINTS = 12
MAX_HIDDEN_SIZE = 256
SIZE_WIDTH = 64  # the size column of the layer rows (a spin box showing "256")
MAX_SEED = 2**31 - 1
HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "linear", "arctan")
OPTIMIZERS = {"sgd": "SGD", "momentum": "Momentum", "adam": "Adam"}
REGULARIZERS = {"none": "None", "l1": "L1", "l2": "L2"}
INITIALISER_NAMES = {"small_random": "Small random (σ = 0.1)", "xavier": "Xavier", "he": "He"}
# TensorFlow Playground's choices; any other number can be typed.
LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10)
REGULARIZATION_RATES = (0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10)


class SettingsPanel(QtWidgets.QScrollArea):
    """The Network & Training form for one Session."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QtWidgets.QWidget()
        body.setFont(sized_font(FONT_POINTS))
        column = QtWidgets.QVBoxLayout(body)
        column.setContentsMargins(6, 6, 6, 6)
        column.addWidget(self._build_network())
        column.addWidget(self._build_init())
        column.addWidget(self._build_training())
        column.addStretch(1)
        self.setWidget(body)
        self.hidden_rows: list[tuple[SpinBox, Combo]] = []
        self.output_combo: Combo | None = None
        self._shown: dict[str, object] = {}
        session.reset.connect(self._session_reset)
        session.changed.connect(self.refresh_training)
        self._session_reset()

    # --- building -----------------------------------------------------------------------

    @staticmethod
    def _group(title: str) -> tuple[QtWidgets.QGroupBox, QtWidgets.QFormLayout]:
        box = QtWidgets.QGroupBox(title)
        box.setFont(sized_font(HEADING_POINTS, bold=True))
        inner = QtWidgets.QWidget(box)
        inner.setFont(sized_font(FONT_POINTS))
        form = QtWidgets.QFormLayout(inner)
        form.setRowWrapPolicy(QtWidgets.QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setContentsMargins(4, 4, 4, 4)
        outer = QtWidgets.QVBoxLayout(box)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(inner)
        return box, form

    @staticmethod
    def _row(*widgets: QtWidgets.QWidget, stretch=None) -> QtWidgets.QWidget:
        row = QtWidgets.QWidget()
        layout = QtWidgets.QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        for w, factor in zip(widgets, stretch or [1] * len(widgets), strict=True):
            layout.addWidget(w, factor)
        return row

    def _build_network(self) -> QtWidgets.QGroupBox:
        box, form = self._group("Network")
        self.layers_form = QtWidgets.QFormLayout()
        self.layers_form.setRowWrapPolicy(QtWidgets.QFormLayout.RowWrapPolicy.DontWrapRows)
        self.layers_form.setFieldGrowthPolicy(
            QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layers_form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.layers_form)
        self.add_layer_button = QtWidgets.QPushButton("Add hidden layer")
        self.add_layer_button.setToolTip("A new hidden layer just before the output layer")
        self.remove_layer_button = QtWidgets.QPushButton("Remove hidden layer")
        self.remove_layer_button.setToolTip("Remove the last hidden layer")
        self.add_layer_button.clicked.connect(self._add_hidden)
        self.remove_layer_button.clicked.connect(self._remove_hidden)
        form.addRow(self._row(self.add_layer_button, self.remove_layer_button))
        self.loss_combo = Combo({k: v.display for k, v in LOSSES.items()})
        self.loss_combo.setToolTip("The cost C the network minimises")
        self.loss_combo.currentIndexChanged.connect(self._draft_edited)
        form.addRow("Loss", self.loss_combo)
        self.apply_button = QtWidgets.QPushButton("Apply")
        self.apply_button.setToolTip("Build the network above (training starts again; the "
                                     "weights that still fit are kept)")
        self.revert_button = QtWidgets.QPushButton("Revert")
        self.revert_button.setToolTip("Forget the changes above and show the network in use")
        self.apply_button.clicked.connect(self.apply_architecture)
        self.revert_button.clicked.connect(self.revert_architecture)
        form.addRow(self._row(self.apply_button, self.revert_button))
        return box

    def _build_init(self) -> QtWidgets.QGroupBox:
        box, form = self._group("Initial weights")
        self.init_combo = Combo({k: INITIALISER_NAMES.get(k, k) for k in INITIALISERS})
        self.init_combo.setToolTip("How fresh weights are drawn: small random N(0, 0.1²), "
                                   "Xavier N(0, 2/(n_in + n_out)), He N(0, 2/n_in)")
        self.init_seed = SpinBox("Initial weights seed", 0, MAX_SEED)
        self.init_seed.setToolTip("The same seed draws the same weights")
        self.reinit_button = QtWidgets.QPushButton("Re-initialise")
        self.reinit_button.setToolTip("Fresh weights for this network (training starts again)")
        self.reinit_button.clicked.connect(self.reinitialise)
        form.addRow("Initialiser", self.init_combo)
        form.addRow("Seed", self.init_seed)
        form.addRow(self.reinit_button)
        return box

    def _build_training(self) -> QtWidgets.QGroupBox:
        box, form = self._group("Training")
        self.optimizer_combo = Combo(OPTIMIZERS)
        self.optimizer_combo.setToolTip("The update rule (a new rule starts without memory)")
        self.optimizer_combo.currentIndexChanged.connect(
            lambda _i: self._set_training(optimizer=self.optimizer_combo.key()))
        self.learning_rate = NumberBox(
            "learning rate", LEARNING_RATES, low=0.0, high=1e6, open_low=True,
            tip="η, the size of each update step: pick one or type any positive number. "
                "Applies from this iteration on; training continues.")
        self.learning_rate.committed.connect(lambda v: self._set_training(learning_rate=v))
        self.momentum = DoubleSpinBox("Momentum")
        self.momentum.setRange(0.0, 0.999)
        self.momentum.setDecimals(3)
        self.momentum.setSingleStep(0.05)
        self.momentum.setKeyboardTracking(False)
        self.momentum.setToolTip("μ: how much of the previous step each update keeps "
                                 "(Momentum only)")
        self.momentum.valueChanged.connect(lambda v: self._set_training(momentum=v))
        self.batch_size = SpinBox("Batch size", 1, 1)
        self.batch_size.setKeyboardTracking(False)
        self.batch_size.setToolTip("Samples per mini-batch (1 … the training set)")
        self.batch_size.valueChanged.connect(lambda v: self._set_training(batch_size=v))
        self.regularization = Combo(REGULARIZERS)
        self.regularization.setToolTip("Penalty on the weights: L1 λΣ|w|, L2 (λ/2)Σw²")
        self.regularization.currentIndexChanged.connect(
            lambda _i: self._set_training(regularization=self.regularization.key()))
        self.regularization_rate = NumberBox(
            "regularization rate", REGULARIZATION_RATES, low=0.0, high=1e6, open_low=False,
            tip="λ, the weight of the penalty: pick one or type any number ≥ 0")
        self.regularization_rate.committed.connect(
            lambda v: self._set_training(regularization_rate=v))
        self.training_seed = SpinBox("Order seed", 0, MAX_SEED)
        self.training_seed.setKeyboardTracking(False)
        self.training_seed.setToolTip("Seeds the order of the samples (training starts again)")
        self.training_seed.valueChanged.connect(lambda v: self._set_training(seed=v))
        self.shuffle = QtWidgets.QCheckBox("Shuffle every epoch")
        self.shuffle.setToolTip("Draw the samples in a new order each epoch "
                                "(training starts again)")
        self.shuffle.toggled.connect(lambda on: self._set_training(shuffle=on))
        add_rows(form, [("Optimizer", self.optimizer_combo),
                        ("Learning rate", self.learning_rate), ("Momentum", self.momentum),
                        ("Batch size", self.batch_size),
                        ("Regularization", self.regularization),
                        ("Reg. rate", self.regularization_rate),
                        ("Order seed", self.training_seed), (None, self.shuffle)])
        return box

    # --- the network draft --------------------------------------------------------------

    def _session_architecture(self) -> tuple[tuple[int, ...], tuple[str, ...], str]:
        net = self.session.network
        return net.sizes, tuple(a.name for a in net.activations), net.loss.name

    def draft(self) -> tuple[tuple[int, ...], tuple[str, ...], str]:
        """(sizes, activations, loss) as the form shows them, input and output included."""
        sizes = self.session.network.sizes
        hidden = tuple(spin.value() for spin, _ in self.hidden_rows)
        acts = tuple(combo.key() for _, combo in self.hidden_rows)
        return ((sizes[0], *hidden, sizes[-1]), (*acts, self.output_combo.key()),
                self.loss_combo.key())

    def _show_architecture(self, sizes, activations, loss) -> None:
        """Rebuild the layer rows for an architecture (the session's or the draft's)."""
        while self.layers_form.rowCount():
            self.layers_form.removeRow(0)
        self.hidden_rows = []
        data = self.session.spec.data
        names = list(data.feature_names)
        shown = names if len(names) <= 6 else [*names[:3], "…", names[-1]]
        text = f"{sizes[0]} {'neuron' if sizes[0] == 1 else 'neurons'}: {', '.join(shown)}"
        if data.image_shape:
            text += f" ({'×'.join(map(str, data.image_shape))} image)"
        inputs = QtWidgets.QLabel(text)
        inputs.setWordWrap(True)
        inputs.setToolTip("Set by the data and its input features")
        self.layers_form.addRow("Layer 1 (input)", inputs)
        for i, (n, act) in enumerate(zip(sizes[1:-1], activations[:-1], strict=True)):
            spin = SpinBox(f"Layer {i + 2} (hidden) size", 1, max(MAX_HIDDEN_SIZE, n))
            spin.setValue(n)
            spin.setMinimumWidth(SIZE_WIDTH)
            spin.setToolTip(f"Neurons in hidden layer {i + 2} (1 … {MAX_HIDDEN_SIZE})")
            combo = self._activation_combo(HIDDEN_ACTIVATIONS, act)
            spin.valueChanged.connect(self._draft_edited)
            self.layers_form.addRow(f"Layer {i + 2} (hidden)",
                                    self._row(spin, combo, stretch=(0, 1)))
            self.hidden_rows.append((spin, combo))
        options = list(HIDDEN_ACTIVATIONS)
        if sizes[-1] > 1 or activations[-1] == "softmax":
            options.append("softmax")
        out = QtWidgets.QLabel(str(sizes[-1]))
        out.setToolTip("Set by the targets")
        out.setMinimumWidth(SIZE_WIDTH)
        self.output_combo = self._activation_combo(options, activations[-1])
        self.layers_form.addRow(f"Layer {len(sizes)} (output)",
                                self._row(out, self.output_combo, stretch=(0, 1)))
        self.loss_combo.set_key(loss)
        self._draft_edited()

    def _activation_combo(self, names, current: str) -> Combo:
        names = list(names) + ([current] if current not in names else [])
        combo = Combo({n: ACTIVATIONS[n].display for n in names})
        combo.setToolTip("The activation σ of this layer")
        combo.set_key(current)
        combo.currentIndexChanged.connect(self._draft_edited)
        return combo

    def _draft_edited(self, *_args) -> None:
        """Apply and Revert only mean something while the form differs from the session."""
        pending = self.draft() != self._session_architecture()
        self.apply_button.setEnabled(pending)
        self.revert_button.setEnabled(pending)
        self.apply_button.setDefault(pending)
        self.remove_layer_button.setEnabled(bool(self.hidden_rows))
        self.add_layer_button.setEnabled(len(self.hidden_rows) + 2 < MAX_LAYERS)
        self.reinit_button.setEnabled(not pending)
        self.reinit_button.setToolTip(
            "Apply or revert the network changes first" if pending else
            "Fresh weights for this network (training starts again)")

    def _add_hidden(self) -> None:
        sizes, acts, loss = self.draft()
        size = sizes[-2] if len(sizes) > 2 else 4
        act = acts[-2] if len(acts) > 1 else "tanh"
        self._show_architecture((*sizes[:-1], min(size, MAX_HIDDEN_SIZE), sizes[-1]),
                                (*acts[:-1], act, acts[-1]), loss)

    def _remove_hidden(self) -> None:
        sizes, acts, loss = self.draft()
        if len(sizes) > 2:
            self._show_architecture((*sizes[:-2], sizes[-1]), (*acts[:-2], acts[-1]), loss)

    def apply_architecture(self) -> bool:
        """Send the form's network to the session. Refused or cancelled: the draft stays."""
        sizes, acts, loss = self.draft()
        return self.session.set_architecture(list(sizes), list(acts), loss)

    def revert_architecture(self) -> None:
        self._show_architecture(*self._session_architecture())

    def reinitialise(self) -> bool:
        return self.session.reinitialise(self.init_combo.key(), self.init_seed.value())

    # --- refreshing from the session ----------------------------------------------------

    def _session_reset(self) -> None:
        """A new network or data: every control shows the session's values."""
        self._show_architecture(*self._session_architecture())
        self.init_combo.set_key(self.session.spec.init)
        with QtCore.QSignalBlocker(self.init_seed):
            self.init_seed.setValue(self.session.spec.init_seed)
        self.refresh_training(force=True)

    def refresh_training(self, force: bool = False) -> None:
        """Show the training settings in force at the cursor (cheap: runs on every step)."""
        t = self.session.training
        opt = t.optimizer
        with QtCore.QSignalBlocker(self.batch_size):
            self.batch_size.setMaximum(len(self.session.spec.data.x_train))
        values = {
            "optimizer": (opt.optimizer, self.optimizer_combo.set_key),
            "momentum": (opt.momentum, self._setter(self.momentum)),
            "batch_size": (t.batch_size, self._setter(self.batch_size)),
            "regularization": (opt.regularization, self.regularization.set_key),
            "seed": (t.seed, self._setter(self.training_seed)),
            "shuffle": (t.shuffle, self._setter(self.shuffle, "setChecked")),
        }
        for name, (value, show) in values.items():
            if force or self._shown.get(name) != value:
                show(value)
                self._shown[name] = value
        self.learning_rate.show_value(opt.learning_rate, force)
        self.regularization_rate.show_value(opt.regularization_rate, force)
        self.momentum.setEnabled(opt.optimizer == "momentum")
        self.regularization_rate.setEnabled(opt.regularization != "none")

    @staticmethod
    def _setter(widget: QtWidgets.QWidget, method: str = "setValue"):
        def show(value) -> None:
            with QtCore.QSignalBlocker(widget):
                getattr(widget, method)(value)
        return show

    def _set_training(self, **changes) -> bool:
        """Apply a training control at once; refused or cancelled, show the session's value."""
        done = self.session.set_training(**changes)
        if not done:
            self.refresh_training(force=True)
        return done
