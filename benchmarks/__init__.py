"""Benchmarks: ratios measured side by side in one run, medians quoted (scripts/bench)."""
