"""The whole math of Backprop Studio: pure numpy, never Qt.

tests/test_model_purity.py enforces that no module here imports Qt or pyqtgraph.
"""
