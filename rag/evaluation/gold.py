"""Gold files: one JSON object per line describing a question and what a good answer looks like.

``load_gold(path)`` validates the whole file first and reports *every* problem with its line number
(bad JSON, missing or mistyped fields, unknown fields, duplicate ids, answerable questions without
``expected_sources``, bad history roles) in one :class:`GoldFileError`, so a run never starts on a
half-valid file. The format is documented in ``docs/evaluation.md``.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.errors import InputError
from rag.schema import Turn

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """Casefold, NFKC, every run of punctuation/whitespace becomes one space (``"CNN/RNN"`` → ``"cnn rnn"``).

    How gold wordings (key facts, leads) and answers are compared; ``rag.evaluation.metrics`` re-exports it.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NON_WORD.sub(" ", text).split())


__all__ = [
    "GoldItem",
    "GoldFileError",
    "KeyFact",
    "QUESTION_TYPES",
    "TYPE_PREFIX",
    "UNTYPED",
    "load_gold",
    "parse_gold",
    "file_sha256",
    "question_type",
]

KeyFact = str | list[str]  # one term, or a list of accepted alternatives

_REQUIRED = {"id": str, "question": str, "answerable": bool}
_OPTIONAL = {"expected_sources", "key_facts", "reference_answer", "history", "tags", "lead", "lead_not"}

# The answer type a question asks for, given as one tag "type:<name>" (docs/evaluation.md, "Question types").
TYPE_PREFIX = "type:"
QUESTION_TYPES = (
    "quantity", "version", "price", "date", "entity", "list", "how-to", "duration", "yes-no", "choice",
)
UNTYPED = "untyped"  # the by-type report's group for questions without a type tag
_ROLES = ("user", "assistant")


@dataclass(frozen=True)
class GoldItem:
    id: str
    question: str
    answerable: bool
    expected_sources: list[str] = field(default_factory=list)
    key_facts: list[KeyFact] = field(default_factory=list)
    reference_answer: str | None = None
    history: list[Turn] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    lead: list[KeyFact] = field(default_factory=list)  # groups; every group must be in the first sentence
    lead_not: list[str] = field(default_factory=list)  # forms of the wrong choice; none may be there
    line: int = 0

    @property
    def type(self) -> str:
        return question_type(self.tags)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "question": self.question,
            "answerable": self.answerable,
            "expected_sources": list(self.expected_sources),
            "key_facts": [list(f) if isinstance(f, list) else f for f in self.key_facts],
            "tags": list(self.tags),
        }
        if self.reference_answer is not None:
            data["reference_answer"] = self.reference_answer
        if self.history:
            data["history"] = [dict(t) for t in self.history]
        if self.lead:
            data["lead"] = [list(g) if isinstance(g, list) else g for g in self.lead]
        if self.lead_not:
            data["lead_not"] = list(self.lead_not)
        return data


def question_type(tags: list[str] | tuple[str, ...]) -> str:
    """The question's answer type from its ``type:<name>`` tag, or :data:`UNTYPED`."""
    for tag in tags:
        if tag.startswith(TYPE_PREFIX):
            return tag[len(TYPE_PREFIX):]
    return UNTYPED


class GoldFileError(InputError):
    """The gold file has problems; ``problems`` holds ``(line, message)`` pairs, all of them."""

    def __init__(self, path: str, problems: list[tuple[int, str]]):
        self.path = path
        self.problems = problems
        lines = "\n".join(f"  {path}:{line}: {msg}" for line, msg in problems)
        super().__init__(
            f"The gold file {path} has {len(problems)} problem(s); nothing was run. "
            f"Fix these lines (format: docs/evaluation.md):\n{lines}"
        )


def _is_str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def _check_key_facts(value: object, name: str = "key_facts") -> str | None:
    if not isinstance(value, list):
        return f"'{name}' must be a list of strings or lists of alternative strings"
    for i, fact in enumerate(value):
        if isinstance(fact, str):
            if not fact.strip():
                return f"'{name}'[{i}] is an empty string"
        elif not (_is_str_list(fact) and fact):
            return f"'{name}'[{i}] must be a non-empty string or a non-empty list of non-empty strings"
    return None


def _words(text: str) -> str:

    return f" {normalise(text)} "


def _check_lead(obj: dict[str, Any]) -> list[str]:
    """``lead``: non-empty list of groups (string or list of alternatives); ``lead_not``: list of forms."""
    problems: list[str] = []
    lead, lead_not = obj.get("lead"), obj.get("lead_not")
    if lead is not None:
        if msg := _check_key_facts(lead, "lead"):
            problems.append(msg)
        elif not lead:
            problems.append("'lead' must hold at least one group (or be left out)")
        elif obj.get("answerable") is False:
            problems.append("'lead' is only for answerable questions (a refusal has no lead sentence to check)")
    if lead_not is not None:
        if not _is_str_list(lead_not):
            problems.append("'lead_not' must be a list of non-empty strings (forms of the wrong choice)")
        elif lead is None:
            problems.append("'lead_not' needs a 'lead' (it only constrains the lead sentence)")
        elif not problems:
            alternatives = [a for g in lead for a in ([g] if isinstance(g, str) else g)]
            for form in lead_not:
                clash = [a for a in alternatives if _words(form) in _words(a)]
                if clash:
                    problems.append(f"'lead_not' form {form!r} occurs inside the lead form {clash[0]!r}: the lead could never hit")
    return problems


def _check_type_tags(tags: list[str]) -> str | None:
    types = [t for t in tags if t.startswith(TYPE_PREFIX)]
    if len(types) > 1:
        return f"at most one 'type:' tag per question (found {types})"
    if types and types[0][len(TYPE_PREFIX):] not in QUESTION_TYPES:
        return f"unknown question type {types[0]!r}; use one of {', '.join(TYPE_PREFIX + t for t in QUESTION_TYPES)}"
    return None


def _check_history(value: object) -> str | None:
    if not isinstance(value, list):
        return "'history' must be a list of {\"role\": \"user\"|\"assistant\", \"content\": \"...\"} objects"
    for i, turn in enumerate(value):
        if not isinstance(turn, dict) or set(turn) != {"role", "content"}:
            return f"'history'[{i}] must be an object with exactly 'role' and 'content'"
        if turn["role"] not in _ROLES:
            return f"'history'[{i}] has role {turn['role']!r}; use 'user' or 'assistant'"
        if not isinstance(turn["content"], str) or not turn["content"].strip():
            return f"'history'[{i}] has an empty or non-string 'content'"
    return None


def _validate(obj: object) -> list[str]:
    """Every problem of one parsed line (empty when the line is valid)."""
    if not isinstance(obj, dict):
        return ["each line must be a JSON object"]
    problems: list[str] = []
    for name, typ in _REQUIRED.items():
        if name not in obj:
            problems.append(f"missing field '{name}'")
        elif not isinstance(obj[name], typ) or (typ is str and not obj[name].strip()):
            problems.append(f"'{name}' must be a non-empty {typ.__name__}" if typ is str else f"'{name}' must be true or false")
    unknown = sorted(set(obj) - set(_REQUIRED) - _OPTIONAL)
    if unknown:
        problems.append(f"unknown field(s) {unknown}; allowed: {sorted(set(_REQUIRED) | _OPTIONAL)}")
    sources = obj.get("expected_sources", [])
    if not _is_str_list(sources):
        problems.append("'expected_sources' must be a list of non-empty strings like \"Path > Level 2\"")
    elif obj.get("answerable") is True and not sources:
        problems.append("an answerable question needs at least one entry in 'expected_sources'")
    for check, name in ((_check_key_facts, "key_facts"), (_check_history, "history")):
        if name in obj and (msg := check(obj[name])):
            problems.append(msg)
    if "tags" in obj and not _is_str_list(obj["tags"]):
        problems.append("'tags' must be a list of non-empty strings")
    elif msg := _check_type_tags(obj.get("tags", [])):
        problems.append(msg)
    problems += _check_lead(obj)
    ref = obj.get("reference_answer")
    if ref is not None and not isinstance(ref, str):
        problems.append("'reference_answer' must be a string (or left out)")
    return problems


def parse_gold(text: str, source: str = "<gold>") -> list[GoldItem]:
    """Parse and validate JSONL text; raise :class:`GoldFileError` listing every problem."""
    items: list[GoldItem] = []
    problems: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as err:
            problems.append((lineno, f"bad JSON: {err.msg} (column {err.colno})"))
            continue
        line_problems = _validate(obj)
        item_id = obj.get("id") if isinstance(obj, dict) else None
        if isinstance(item_id, str) and item_id.strip():
            if item_id in seen:
                line_problems.append(f"duplicate id {item_id!r} (first used on line {seen[item_id]})")
            else:
                seen[item_id] = lineno
        problems.extend((lineno, msg) for msg in line_problems)
        if line_problems:
            continue
        items.append(
            GoldItem(
                id=obj["id"],
                question=obj["question"],
                answerable=obj["answerable"],
                expected_sources=list(obj.get("expected_sources", [])),
                key_facts=[list(f) if isinstance(f, list) else f for f in obj.get("key_facts", [])],
                reference_answer=obj.get("reference_answer"),
                history=[Turn(role=t["role"], content=t["content"]) for t in obj.get("history", [])],
                tags=list(obj.get("tags", [])),
                lead=[list(g) if isinstance(g, list) else g for g in obj.get("lead", [])],
                lead_not=list(obj.get("lead_not", [])),
                line=lineno,
            )
        )
    if not problems and not items:
        problems.append((1, "the file holds no questions"))
    if problems:
        raise GoldFileError(source, problems)
    return items


def load_gold(path: str | Path) -> list[GoldItem]:
    """Load and validate a gold JSONL file (all problems reported at once, see :func:`parse_gold`)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"Gold file {path} does not exist. Pass --gold with a JSONL file such as eval/gold.jsonl.")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise InputError(f"Gold file {path} is not UTF-8 text ({err}). Save it as UTF-8 JSONL.") from err
    return parse_gold(text, str(path))


def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
