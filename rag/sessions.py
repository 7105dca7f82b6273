"""Chat sessions as JSON files: ``{"version": 1, "name", "created", "updated", "backend", "turns": [...]}``.

``rag chat --session NAME`` keeps them under ``settings.home/sessions/NAME.json``; ``rag ask --history
FILE.json`` reads either such a file or a bare JSON list of turns. An assistant turn may carry the
``headings`` its answer cited (used to condense the next follow-up without an LLM).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rag.errors import InputError
from rag.schema import Answer, Turn
from rag.settings import Settings

__all__ = ["Session", "session_path", "load_history", "load_session", "save_session", "answer_turn"]

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Session:
    name: str
    turns: list[Turn] = field(default_factory=list)
    created: str = field(default_factory=_now)
    updated: str = field(default_factory=_now)
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"version": 1, "name": self.name, "created": self.created, "updated": self.updated,
                "metadata": self.metadata, "turns": list(self.turns)}


def session_path(settings: Settings, name: str) -> Path:
    """``<home>/sessions/<name>.json``; the name must be a plain file name."""
    if not _NAME.match(name):
        raise InputError(f"Session name {name!r} is not allowed: use letters, digits, '-', '_' or '.' (max 64).")
    return settings.home / "sessions" / f"{name}.json"


def answer_turn(answer: Answer) -> Turn:
    """The assistant turn for an answer (with the cited headings, for follow-up condensation)."""
    turn: dict[str, Any] = {"role": "assistant", "content": answer.answer}
    headings = [c.headings[-1] for c in answer.citations if c.headings]
    if headings:
        turn["headings"] = headings
    return turn  # type: ignore[return-value]


def _turns(raw: object, where: str) -> list[Turn]:
    if isinstance(raw, dict):
        raw = raw.get("turns")
    if not isinstance(raw, list):
        raise InputError(f"{where}: expected a JSON list of turns or an object with \"turns\"; fix the file.")
    turns: list[Turn] = []
    for i, item in enumerate(raw, start=1):
        if (
            not isinstance(item, dict)
            or item.get("role") not in ("user", "assistant")
            or not isinstance(item.get("content"), str)
        ):
            raise InputError(
                f"{where}: turn {i} must be {{\"role\": \"user\"|\"assistant\", \"content\": \"...\"}}; fix the file."
            )
        turns.append(item)  # type: ignore[arg-type]
    return turns


def load_history(path: Path) -> list[Turn]:
    """Turns from a session file or a bare list of turns (``rag ask --history``)."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise InputError(f"History file {path} does not exist; check the path.") from err
    except json.JSONDecodeError as err:
        raise InputError(f"History file {path} is not valid JSON (line {err.lineno}); fix the file.") from err
    return _turns(raw, str(path))


def load_session(settings: Settings, name: str) -> Session:
    """The saved session, or a new empty one when none exists yet."""
    path = session_path(settings, name)
    if not path.exists():
        return Session(name)
    raw = json.loads(path.read_text(encoding="utf-8"))
    return Session(
        name=name, turns=_turns(raw, str(path)), created=raw.get("created", _now()),
        updated=raw.get("updated", _now()), metadata=dict(raw.get("metadata") or {}),
    )


def save_session(settings: Settings, session: Session) -> Path:
    """Write the session atomically; returns its path."""
    path = session_path(settings, session.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    session.updated = _now()
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(session.to_json(), indent=2, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
    return path
