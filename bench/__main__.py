"""``make bench``: run every ``bench/*.py`` module exposing ``run(quick) -> dict`` and print a table.

Usage: ``python -m bench [--only NAME] [--quick] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import sys
import time
from pathlib import Path
from typing import Any

import bench


def discover() -> list[str]:
    """Names of the benchmark modules (every module of the package with a callable ``run``)."""
    names = []
    for info in sorted(pkgutil.iter_modules(bench.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"bench.{info.name}")
        if callable(getattr(module, "run", None)):
            names.append(info.name)
    return names


def flatten(result: Any, prefix: str = "") -> list[tuple[str, Any]]:
    if isinstance(result, dict):
        rows: list[tuple[str, Any]] = []
        for key, value in result.items():
            rows.extend(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return rows
    return [(prefix, result)]


def _format(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--only", action="append", help="run only this benchmark (repeatable)")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a fast check")
    parser.add_argument("--json", type=Path, help="also write all results to this JSON file")
    args = parser.parse_args(argv)
    names = discover()
    if args.only:
        unknown = sorted(set(args.only) - set(names))
        if unknown:
            print(f"unknown benchmark(s) {unknown}; available: {names}", file=sys.stderr)
            return 2
        names = [n for n in names if n in args.only]
    results: dict[str, Any] = {}
    for name in names:
        print(f"== bench.{name} (quick={args.quick})", flush=True)
        started = time.perf_counter()
        module = importlib.import_module(f"bench.{name}")
        results[name] = module.run(quick=args.quick)
        print(f"== bench.{name} done in {time.perf_counter() - started:.0f}s", flush=True)
    rows = [(name, key, _format(value)) for name, result in results.items() for key, value in flatten(result)]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(("benchmark", "metric", "value"))]
    print()
    print("  ".join(h.ljust(w) for h, w in zip(("benchmark", "metric", "value"), widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
