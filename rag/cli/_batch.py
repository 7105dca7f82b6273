"""The JSONL batch file shared by ``rag search --batch`` and ``rag ask --batch``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rag.errors import InputError


def read_batch(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """Every line of a JSONL batch as ``(where, object)``, each object holding a non-empty
    ``question`` string; all lines are checked before any work, a bad one is an InputError naming it."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"Cannot read batch file {path}: {err}; give a UTF-8 JSONL file.") from err
    items: list[tuple[str, dict[str, Any]]] = []
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"{where}: not valid JSON ({err.msg}); fix that line and run again.") from err
        if not isinstance(obj, dict) or not isinstance(obj.get("question"), str) or not obj["question"].strip():
            raise InputError(f'{where}: each line needs an object with a non-empty "question" string; fix that line.')
        items.append((where, obj))
    return items
