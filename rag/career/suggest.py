"""'Did you mean' suggestions for unknown topics, paths, levels, roles and profiles (difflib)."""

from __future__ import annotations

import difflib

from rag.errors import InputError

__all__ = ["close_matches", "unknown"]


def close_matches(name: str, options: list[str], n: int = 3) -> list[str]:
    """Options resembling ``name``: case-insensitive difflib matches, then options containing it."""
    by_lower = {o.lower(): o for o in options}
    found = [by_lower[m] for m in difflib.get_close_matches(name.lower(), list(by_lower), n=n, cutoff=0.5)]
    wanted = name.lower().strip()
    found += [o for o in options if wanted and wanted in o.lower() and o not in found]
    return found[:n]


def unknown(kind: str, name: str, options: list[str]) -> InputError:
    """``no topic 'X'; did you mean: A, B?`` (or the full list when nothing is close)."""
    hints = close_matches(name, options)
    if hints:
        return InputError(f"no {kind} {name!r}; did you mean: {', '.join(hints)}?")
    shown = ", ".join(options[:8]) + (" ..." if len(options) > 8 else "")
    return InputError(f"no {kind} {name!r}; choose one of: {shown}")
