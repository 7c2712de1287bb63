"""The network diagram (the app's central widget) and the modules it paints with.

``NetworkDiagram`` is what the rest of the app uses; the modules inside are its parts
(see docs/architecture.md, "The diagram draws itself").
"""

from widgets.diagram.widget import NetworkDiagram

__all__ = ["NetworkDiagram"]
