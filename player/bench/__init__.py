"""Benchmarks behind ``driftlight bench NAME``: one module per benchmark.

Each module has ``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``; a run
that misses its goal exits 1.
"""
