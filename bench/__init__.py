"""Benchmarks: each prints our figure beside its baseline from the same run, as a ratio."""
