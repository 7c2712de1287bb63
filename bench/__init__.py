"""Backprop Studio's benchmarks: ``python -m bench [--quick] [--json FILE]`` prints a table.

Not tests: they measure the app as a user runs it (offscreen window, one BLAS thread) and
report medians over repeats beside the targets of the performance issue, and each paint,
latency, start-up and speed figure also as a ratio to a fixed reference workload timed
beside it in the same run (``bench.figures.Reference``). Importing this
package imports nothing heavy, so ``bench.env`` can set the environment before numpy.
"""
