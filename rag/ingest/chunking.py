"""Split a loaded document into chunks along its headings.

Rules:
- A chunk never spans two sections; a heading with no body of its own yields no chunk.
- A section longer than ``max_chars`` is packed from *units*: a paragraph, or a top-level list item
  together with its indented sub-items (a numbered roadmap item with its nested bullets is one unit).
  A unit is cut (on line boundaries) only when it alone exceeds ``max_chars``.
- A chunk that continues a split section starts with the last lines of the previous chunk
  (at most ``overlap_chars``), so the text is always a verbatim run of document lines.
- If a Markdown/HTML document has exactly one level-1 heading and it comes first, it is the document
  title: it is left out of ``headings`` (it would otherwise appear in every label) and kept in
  ``Chunk.title`` instead.

What is indexed is built here, in one place, for every index: :func:`embedded_text` is the text the
vector store embeds and :func:`keyword_fields` / :func:`keyword_text` the text a keyword (BM25) index
indexes. Both carry the chunk's full context, the document title and the whole heading path
(:func:`context_path`), so a passage that never repeats its heading's words ("What is the
difference between WHERE and HAVING?" above an answer that only says "filters groups") is still
found by them. The label shown to users stays ``source › headings``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.ingest.loaders import DocLine, LoadedDoc
from rag.schema import Chunk, make_label

_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")

# Version of what a chunk is and what is embedded/keyword-indexed for it (2: the document title and the full
# heading path join both texts, issue 17). Recorded with each document, so a change re-embeds on the next ingest.
CHUNK_FORMAT = "c2"

HEADER_SEP = " > "


@dataclass
class Section:
    headings: tuple[str, ...]
    lines: list[DocLine]


def contextual_text(headings: Sequence[str], text: str) -> str:
    """A context path on the first line, then the passage (see :func:`embedded_text`)."""
    return f"{HEADER_SEP.join(headings)}\n{text}" if headings else text


def context_path(chunk: Chunk) -> tuple[str, ...]:
    """The document title (if any), then every enclosing heading, outermost first."""
    if chunk.title and (not chunk.headings or chunk.headings[0] != chunk.title):
        return (chunk.title, *chunk.headings)
    return tuple(chunk.headings)


def embedded_text(chunk: Chunk) -> str:
    """THE text embedded for ``chunk``: title and heading path on the first line, then the passage."""
    return contextual_text(context_path(chunk), chunk.text)


def keyword_fields(chunk: Chunk) -> tuple[str, str]:
    """THE text keyword-indexed for ``chunk``, as (context, passage).

    The SQLite FTS5 index stores them in its ``headings`` and ``text`` columns (the context weighted
    higher in BM25); an index with a single text field indexes :func:`keyword_text`.
    """
    return " ".join(context_path(chunk)), chunk.text


def keyword_text(chunk: Chunk) -> str:
    """:func:`keyword_fields` as one text (context line, then the passage)."""
    context, text = keyword_fields(chunk)
    return f"{context}\n{text}" if context else text


def chunk_id(source: str, ordinal: int, text: str) -> str:
    return hashlib.sha1(f"{source}\x00{ordinal}\x00{text}".encode()).hexdigest()[:16]


def document_title(lines: Sequence[DocLine]) -> DocLine | None:
    """The title line: the only level-1 heading, when it is also the first heading; else None."""
    h1 = [line for line in lines if line.level == 1]
    first_heading = next((line for line in lines if line.level), None)
    return h1[0] if len(h1) == 1 and first_heading is h1[0] else None


def split_sections(lines: Sequence[DocLine], drop_title: bool = True) -> list[Section]:
    """Group lines under their enclosing headings; sections with only blank lines are dropped."""
    title = document_title(lines) if drop_title else None
    stack: list[tuple[int, str]] = []
    sections: list[Section] = []
    current = Section((), [])
    for line in lines:
        if line.level:
            if current.lines:
                sections.append(current)
            if line is not title:
                while stack and stack[-1][0] >= line.level:
                    stack.pop()
                stack.append((line.level, line.text))
            current = Section(tuple(text for _, text in stack), [])
        else:
            current.lines.append(line)
    if current.lines:
        sections.append(current)
    out = []
    for section in sections:
        body = _trim_blank(section.lines)
        if body:
            out.append(Section(section.headings, body))
    return out


def _trim_blank(lines: list[DocLine]) -> list[DocLine]:
    start, end = 0, len(lines)
    while start < end and not lines[start].text.strip():
        start += 1
    while end > start and not lines[end - 1].text.strip():
        end -= 1
    return lines[start:end]


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" \t"))


def split_units(lines: Sequence[DocLine]) -> list[list[DocLine]]:
    """Paragraphs and top-level list items (each with its indented continuation lines)."""
    units: list[list[DocLine]] = []
    current: list[DocLine] = []
    pending_blank: list[DocLine] = []
    base = min((_indent(line.text) for line in lines if line.text.strip()), default=0)
    for line in lines:
        if not line.text.strip():
            pending_blank.append(line)
            continue
        top_level = _indent(line.text) <= base
        starts_item = top_level and bool(_LIST_ITEM.match(line.text))
        in_item = bool(current) and bool(_LIST_ITEM.match(current[0].text))
        continues = bool(current) and (
            (not top_level and (in_item or not pending_blank)) or (top_level and not starts_item and not pending_blank)
        )
        if continues:
            current.extend(pending_blank)
        else:
            if current:
                units.append(current + pending_blank)  # keep the text a verbatim run of lines
            current = []
        pending_blank = []
        current.append(line)
    if current:
        units.append(current)
    return units


def _length(lines: Sequence[DocLine]) -> int:
    return sum(len(line.text) + 1 for line in lines)


def _split_long(unit: list[DocLine], max_chars: int) -> list[list[DocLine]]:
    """Cut a unit that alone is longer than max_chars on line boundaries (very long lines on words)."""
    pieces: list[list[DocLine]] = []
    current: list[DocLine] = []
    for line in unit:
        if len(line.text) + 1 > max_chars:
            if current:
                pieces.append(current)
                current = []
            words, buf = line.text.split(" "), ""
            for word in words:
                if buf and len(buf) + len(word) + 1 > max_chars - 1:
                    pieces.append([DocLine(line.no, buf)])
                    buf = ""
                buf = f"{buf} {word}" if buf else word
                while len(buf) > max_chars - 1:  # a single huge "word"
                    pieces.append([DocLine(line.no, buf[: max_chars - 1])])
                    buf = buf[max_chars - 1 :]
            if buf:
                current = [DocLine(line.no, buf)]
            continue
        if current and _length(current) + len(line.text) + 1 > max_chars:
            pieces.append(current)
            current = []
        current.append(line)
    if current:
        pieces.append(current)
    return pieces


def _overlap_tail(lines: list[DocLine], overlap_chars: int) -> list[DocLine]:
    tail: list[DocLine] = []
    total = 0
    for line in reversed(lines):
        if total + len(line.text) + 1 > overlap_chars:
            break
        tail.insert(0, line)
        total += len(line.text) + 1
    return tail


def pack_section(lines: list[DocLine], max_chars: int, overlap_chars: int) -> list[list[DocLine]]:
    """Greedy packing of units into chunks of at most max_chars, with line-aligned overlap."""
    if _length(lines) <= max_chars:
        return [lines]
    pieces: list[list[DocLine]] = []
    for unit in split_units(lines):
        pieces.extend([unit] if _length(unit) <= max_chars else _split_long(unit, max_chars))
    chunks: list[list[DocLine]] = []
    current: list[DocLine] = []
    for piece in pieces:
        if current and _length(_trim_blank(current + piece)) <= max_chars:
            current.extend(piece)
            continue
        if current:
            chunks.append(current)
            tail = _overlap_tail(current, overlap_chars)
            current = tail if _length(tail) + _length(piece) <= max_chars else []
            current = current + piece
        else:
            current = list(piece)
    if current:
        chunks.append(current)
    return [_trim_blank(chunk) for chunk in chunks if _trim_blank(chunk)]


def chunk_document(
    doc: LoadedDoc, source: str, max_chars: int = 900, overlap_chars: int = 150
) -> list[Chunk]:
    """All chunks of ``doc`` in document order, with deterministic ids."""
    chunks: list[Chunk] = []
    drop_title = doc.kind in ("markdown", "html")
    title_line = document_title(doc.lines) if drop_title else None
    title = title_line.text if title_line is not None else ""
    for section in split_sections(doc.lines, drop_title=drop_title):
        for piece in pack_section(section.lines, max_chars, overlap_chars):
            text = "\n".join(line.text.rstrip() for line in piece)
            ordinal = len(chunks)
            chunks.append(
                Chunk(
                    id=chunk_id(source, ordinal, text),
                    text=text,
                    source=source,
                    headings=section.headings,
                    label=make_label(source, section.headings),
                    start_line=piece[0].no,
                    end_line=piece[-1].no,
                    content_hash=hashlib.sha256(text.encode()).hexdigest(),
                    doc_hash=doc.doc_hash,
                    ordinal=ordinal,
                    title=title,
                )
            )
    return chunks
