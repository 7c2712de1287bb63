"""The one error type for every bad input: files, CSV, datasets, typed values."""


class ValidationError(ValueError):
    """Bad input, with a message that names the field (or row and column) and what is wrong.

    ``field`` is a dotted path such as ``network.weights[1]`` (empty when the input as a whole
    is wrong); ``str(err)`` is the one line shown to the user.
    """

    def __init__(self, field: str, problem: str):
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}" if field else problem)
