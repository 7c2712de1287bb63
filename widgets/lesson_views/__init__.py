"""The pictures of the lessons that are not about a network: one view per lesson kind.

``LESSON_VIEWS`` maps a lesson's ``view`` to its widget class; each takes the lesson player
and redraws on its ``changed`` and ``opened`` signals.
"""

from widgets.lesson_views.activations import ActivationsView
from widgets.lesson_views.descent import DescentView
from widgets.lesson_views.perceptron import PerceptronView

LESSON_VIEWS = {"perceptron": PerceptronView, "activations": ActivationsView,
                "descent": DescentView}

__all__ = ["LESSON_VIEWS", "ActivationsView", "DescentView", "PerceptronView"]
