"""Benchmarks: each ``bench/<name>.py`` exposing ``run(quick: bool) -> dict`` is run by ``python -m bench``."""
