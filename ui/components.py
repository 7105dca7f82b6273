"""Small reusable UI pieces: safe text rendering, passage highlighting, the RagError boundary,
and tolerant readers for the index's ``stats()`` / ``documents()`` results."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from datetime import datetime
from typing import Any

import streamlit as st

from rag.errors import RagError

log = logging.getLogger(__name__)

_CITE_MARK = re.compile(r"\s*\[\d+(?:\s*,\s*\d+)*\]")
_WORD = re.compile(r"[a-z0-9][a-z0-9+#.-]*[a-z0-9+#]|[a-z0-9]")
_SEGMENT = re.compile(r"[^\n]*?(?:(?<![0-9])[.!?](?=\s)|\n|$)")
_STOP = frozenset(
    "a an and are as at be by for from has have in is it of on or that the this to with you your".split()
)


@contextmanager
def error_boundary() -> Iterator[None]:
    """Show a domain error as one ``st.error`` banner (what to do next), never a traceback."""
    try:
        yield
    except RagError as err:
        log.info("shown to the user: %s", err)
        st.error(str(err), icon=":material/error:")


def md_text(text: str) -> str:
    """Plain text made safe for ``st.markdown``: no HTML, no LaTeX ``$``, no accidental emphasis."""
    escaped = html.escape(text, quote=False).replace("$", "\\$")
    return re.sub(r"([*_`~|\[\]<>#])", r"\\\1", escaped)


def answer_markdown(text: str) -> str:
    """An answer keeps its Markdown (lists, bold) but never renders raw HTML or LaTeX."""
    return html.escape(text, quote=False).replace("$", "\\$")


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def _segments(passage: str) -> list[str]:
    """Split a passage into sentence/line pieces that concatenate back to the passage."""
    pieces = [m.group(0) for m in _SEGMENT.finditer(passage) if m.group(0)]
    assert "".join(pieces) == passage, "segmenting must not lose text"
    return pieces


def highlighted_segments(passage: str, sentences: list[str]) -> list[tuple[str, bool]]:
    """Mark the passage pieces that the cited answer sentences draw on.

    A piece is marked when most of its content words appear in one citing sentence (or the reverse).
    If nothing passes, the single best-overlapping piece is marked when it shares enough words.
    """
    pieces = _segments(passage)
    targets = [_words(_CITE_MARK.sub("", s)) for s in sentences]
    targets = [t for t in targets if t]
    if not targets:
        return [(p, False) for p in pieces]
    scores = []
    for piece in pieces:
        words = _words(piece)
        best = 0.0
        for t in targets:
            common = len(words & t)
            if words and common:
                best = max(best, common / len(words), common / len(t))
        scores.append(best if len(words) >= 1 else 0.0)
    marks = [s >= 0.6 for s in scores]
    if not any(marks) and scores and max(scores) >= 0.3:
        marks[scores.index(max(scores))] = True
    return list(zip(pieces, marks, strict=True))


_MARK_STYLE = "background:rgba(255,164,33,0.28);color:inherit;padding:0 2px;border-radius:3px"
_PASSAGE_STYLE = (
    "font-size:0.88rem;line-height:1.5;border-left:3px solid #f0a35e;padding:0.25rem 0.75rem;"
    "margin:0.25rem 0 0.25rem 0;max-height:16rem;overflow-y:auto"
)


def passage_html(passage: str, sentences: list[str]) -> str:
    """The passage as escaped HTML, the cited sentences wrapped in ``<mark>``; line breaks kept."""
    out = []
    for piece, marked in highlighted_segments(passage, sentences):
        body = html.escape(piece.rstrip("\n")).replace("  ", "&nbsp; ")
        newline = "<br>" if piece.endswith("\n") else ""
        out.append(f'<mark class="rm-cited" style="{_MARK_STYLE}">{body}</mark>{newline}'
                   if marked and body.strip() else body + newline)
    return f'<div class="rm-passage" style="{_PASSAGE_STYLE}">' + "".join(out) + "</div>"


# --- tolerant readers for the index facade ------------------------------------------------------
def as_dict(obj: Any) -> dict[str, Any]:
    """A dataclass / mapping / object with attributes as a plain dict."""
    if isinstance(obj, Mapping):
        return dict(obj)
    if is_dataclass(obj) and not isinstance(obj, type):
        return asdict(obj)
    if hasattr(obj, "model_dump"):
        return dict(obj.model_dump())
    return {k: v for k, v in vars(obj).items() if not k.startswith("_")} if hasattr(obj, "__dict__") else {}


def count_of(stats: Any, *names: str) -> int:
    """The first integer among ``names`` in the stats (0 if none)."""
    data = as_dict(stats)
    for name in names:
        value = data.get(name)
        if isinstance(value, int | float):
            return int(value)
    return 0


def chunk_count(stats: Any) -> int:
    return count_of(stats, "chunks", "chunk_count", "n_chunks", "count")


def document_count(stats: Any) -> int:
    return count_of(stats, "documents", "document_count", "n_documents", "docs")


def format_when(value: Any) -> str:
    """An ISO string or epoch seconds as ``YYYY-MM-DD HH:MM``; anything else as text."""
    if isinstance(value, int | float) and value > 0:
        return datetime.fromtimestamp(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return value
    return ""


def format_timings(timings: Mapping[str, float]) -> str:
    names = {"retrieve_s": "retrieve", "first_token_s": "first token", "generate_s": "generate", "total_s": "total"}
    ordered = [k for k in names if k in timings] + [k for k in timings if k not in names]
    return " · ".join(f"{names.get(k, k.removesuffix('_s'))} {float(timings[k]):.2f} s" for k in ordered)


__all__ = [
    "answer_markdown",
    "as_dict",
    "chunk_count",
    "count_of",
    "document_count",
    "error_boundary",
    "format_timings",
    "format_when",
    "highlighted_segments",
    "md_text",
    "passage_html",
]
