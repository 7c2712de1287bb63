"""The one error type for every bad input: files, CSV, datasets, typed values."""

import re


class ValidationError(ValueError):
    """Bad input, with a message that names the field (or row and column) and what is wrong.

    ``field`` is a dotted path such as ``network.weights[1]`` (empty when the input as a whole
    is wrong); ``str(err)`` is the one line shown to the user.
    """

    def __init__(self, field: str, problem: str):
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}" if field else problem)


def as_on_the_diagram(err: ValidationError) -> str:
    """The message for an edit made on the diagram: the file paths of layers in it
    (``network.layers[i]``, 0-based as in session files) named as the diagram names them
    (``Layer i+1``, the input being Layer 1)."""
    return re.sub(r"network\.layers\[(\d+)\]", lambda m: f"Layer {int(m[1]) + 1}", str(err))
