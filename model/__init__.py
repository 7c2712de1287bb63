"""The whole math of Backprop Studio: pure numpy, never Qt (tests/test_model_purity.py enforces it)."""
