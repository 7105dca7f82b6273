"""Load one file into numbered lines: Markdown, plain text, PDF (pypdf) and HTML (beautifulsoup4).

Every loader returns a :class:`LoadedDoc` whose ``lines`` carry the line number of the original file
(1-based) and, for headings, their level. Markdown/text lines map 1:1 to the file. HTML lines carry
the source line of the element they came from. PDF text has no headings: each page becomes a
section titled ``Page N`` and line numbers are page-relative lines of the extracted text.

Bad input raises :class:`LoadError` with a one-line reason (the ingest report lists it as skipped).
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

MARKDOWN_EXTS = {".md", ".markdown", ".mdown"}
TEXT_EXTS = {".txt", ".text", ".rst"}
HTML_EXTS = {".html", ".htm"}
PDF_EXTS = {".pdf"}
SUPPORTED_EXTS = MARKDOWN_EXTS | TEXT_EXTS | HTML_EXTS | PDF_EXTS

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


class LoadError(Exception):
    """A file that cannot be indexed; ``str(err)`` is the one-line reason."""


@dataclass(frozen=True)
class DocLine:
    """One logical line of a document. ``level`` > 0 marks a heading of that level."""

    no: int
    text: str
    level: int = 0


@dataclass(frozen=True)
class LoadedDoc:
    path: Path
    kind: str  # markdown | text | html | pdf
    doc_hash: str  # sha256 of the file's bytes
    lines: list[DocLine]


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_EXTS


def load_document(path: Path, max_file_mb: float = 20.0) -> LoadedDoc:
    """Read and parse ``path``; raise :class:`LoadError` with a reason for anything not indexable."""
    path = Path(path)
    ext = path.suffix.lower()
    if ext not in SUPPORTED_EXTS:
        raise LoadError(f"unsupported file type '{ext or path.name}' (supported: {', '.join(sorted(SUPPORTED_EXTS))})")
    try:
        size = path.stat().st_size
    except OSError as err:
        raise LoadError(f"cannot read file: {err.strerror or err}") from err
    if size > max_file_mb * 1024 * 1024:
        raise LoadError(f"file is {size / 1024 / 1024:.1f} MB, larger than RAG_MAX_FILE_MB={max_file_mb:g}")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise LoadError(f"cannot read file: {err.strerror or err}") from err
    if not data.strip():
        raise LoadError("file is empty")
    doc_hash = sha256_bytes(data)
    if ext in PDF_EXTS:
        lines = _pdf_lines(path, data)
        kind = "pdf"
    else:
        text = _decode(data)
        if ext in HTML_EXTS:
            lines, kind = _html_lines(text), "html"
        elif ext in MARKDOWN_EXTS:
            lines, kind = _markdown_lines(text), "markdown"
        else:
            lines, kind = _text_lines(text), "text"
    if not any(line.text.strip() and not line.level for line in lines):
        raise LoadError("no text to index (the file holds only headings or whitespace)")
    return LoadedDoc(path=path, kind=kind, doc_hash=doc_hash, lines=lines)


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise LoadError("binary file (contains NUL bytes), not text")
    for encoding in ("utf-8-sig", "utf-8"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise LoadError("not valid UTF-8 text: convert the file to UTF-8 and ingest it again")
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(8, len(text[:4096]) // 100):
        raise LoadError("binary file (control characters), not text")
    return text


def _text_lines(text: str) -> list[DocLine]:
    return [DocLine(no, line) for no, line in enumerate(text.splitlines(), start=1)]


def _markdown_lines(text: str) -> list[DocLine]:
    out: list[DocLine] = []
    in_fence = False
    for no, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _MD_HEADING.match(line)
        if match:
            out.append(DocLine(no, match.group(2).strip(), level=len(match.group(1))))
        else:
            out.append(DocLine(no, line))
    return out


_HTML_BLOCKS = ("p", "li", "pre", "blockquote", "dt", "dd", "td", "th", "figcaption", "caption")
_HTML_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_PERMALINK_MARKS = "¶§🔗 "  # never "#": "C#" is a heading


def _html_lines(text: str) -> list[DocLine]:
    """Headings h1-h6 become headings; block elements become lines (list items as ``- item``).

    Navigation (``nav``, ``aside``, ``role="navigation"`` or ``"search"``) is left out: a site
    menu or table of contents repeats every heading and would outrank the sections themselves.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "head", "nav", "aside"]):
        tag.decompose()
    for tag in soup.select("[role=navigation], [role=search]"):
        tag.decompose()  # menus, sidebars and tables of contents repeat every heading of the site
    out: list[DocLine] = []
    for el in soup.find_all([*_HTML_HEADINGS, *_HTML_BLOCKS]):
        # skip blocks nested in another block we already emit (e.g. <p> inside <li>)
        if el.name not in _HTML_HEADINGS and el.find_parent([*_HTML_BLOCKS, *_HTML_HEADINGS]):
            continue
        content = " ".join(el.get_text(" ", strip=True).split())
        if not content:
            continue
        no = el.sourceline or 1
        if el.name in _HTML_HEADINGS:
            content = content.rstrip(_PERMALINK_MARKS).rstrip()  # Sphinx/MkDocs permalink anchors
            if content:
                out.append(DocLine(no, content, level=_HTML_HEADINGS[el.name]))
            continue
        if el.name == "li":
            depth = len(el.find_parents(["ul", "ol"])) - 1
            content = "  " * max(depth, 0) + "- " + content
        elif out and not out[-1].level:
            out.append(DocLine(no, ""))  # paragraph break
        out.append(DocLine(no, content))
    if not out:  # no block markup at all: fall back to the visible text
        body = soup.get_text("\n")
        out = [DocLine(no, line) for no, line in enumerate(body.splitlines(), start=1)]
    return out


def _pdf_lines(path: Path, data: bytes) -> list[DocLine]:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as err:
        raise LoadError(f"corrupt or unreadable PDF ({type(err).__name__}: {str(err)[:80]})") from err
    except Exception as err:  # pypdf raises many kinds of errors on malformed files
        raise LoadError(f"corrupt or unreadable PDF ({type(err).__name__})") from err
    out: list[DocLine] = []
    for page_no, page_text in enumerate(pages, start=1):
        if not page_text.strip():
            continue
        out.append(DocLine(0, f"Page {page_no}", level=1))
        out.extend(DocLine(no, line) for no, line in enumerate(page_text.splitlines(), start=1))
    if not out:
        raise LoadError("PDF has no extractable text (scanned images are not supported)")
    return out
