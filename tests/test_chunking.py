"""Chunking rules: sections, heading paths, line numbers, list units, overlap, HTML and PDF loading."""

from __future__ import annotations

from pathlib import Path

import pytest
from index_helpers import ROADMAP, make_pdf

from rag.ingest import LoadError, chunk_document, load_document
from rag.ingest.chunking import contextual_text


def _file_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("max_chars", [900, 400, 300])
def test_roadmap_chunks_follow_sections_and_lines(max_chars: int) -> None:
    doc = load_document(ROADMAP)
    chunks = chunk_document(doc, "roadmap.md", max_chars=max_chars, overlap_chars=150)
    lines = _file_lines(ROADMAP)
    heading_lines = {no for no, line in enumerate(lines, start=1) if line.startswith("#")}
    assert chunks, "the roadmap produced no chunks"
    for chunk in chunks:
        assert len(chunk.text) <= max_chars
        assert chunk.text.strip(), "empty chunk"
        # a verbatim run of file lines, and it never crosses a heading line (never spans two sections)
        assert chunk.text.split("\n") == [line.rstrip() for line in lines[chunk.start_line - 1 : chunk.end_line]]
        assert not heading_lines & set(range(chunk.start_line, chunk.end_line + 1))
        assert chunk.label == " › ".join(["roadmap.md", *chunk.headings])
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))
    assert len({c.id for c in chunks}) == len(chunks)


def test_heading_paths_and_title_dropped() -> None:
    chunks = chunk_document(load_document(ROADMAP), "roadmap.md")
    by_heading = {c.headings: c for c in chunks}
    level2 = by_heading[("AI Integration Engineering Path", "Level 2: Integration (6-12 months)")]
    assert level2.start_line == 66 and "FAISS" in level2.text
    # "## AI Integration Engineering Path" has no body of its own: no chunk for it alone
    assert ("AI Integration Engineering Path",) not in by_heading
    # the single H1 document title is not part of any heading path
    assert all("Mastery Roadmap" not in " ".join(c.headings) for c in chunks)
    assert contextual_text(level2.headings, level2.text).startswith(
        "AI Integration Engineering Path > Level 2: Integration (6-12 months)\n1. **Vector Databases"
    )


def test_numbered_item_with_bullets_is_never_cut_when_it_fits() -> None:
    chunks = chunk_document(load_document(ROADMAP), "roadmap.md", max_chars=300, overlap_chars=0)
    for chunk in chunks:
        first = chunk.text.split("\n")[0]
        # each chunk starts at a top-level numbered item (or a plain paragraph), never inside one
        assert not first.startswith(" "), f"chunk starts inside an item: {first!r}"
    level2 = [c for c in chunks if c.headings[-1].startswith("Level 2: Integration")]
    assert [c.text.split("\n")[0] for c in level2] == [
        "1. **Vector Databases & Search**",
        "2. **NLP Integration**",
        "3. **System Design**",
    ]


def test_long_section_split_with_overlap(tmp_path: Path) -> None:
    paras = [f"Paragraph {i} " + "word " * 40 for i in range(8)]
    path = tmp_path / "long.md"
    path.write_text("# Title\n\n## Section A\n\n" + "\n\n".join(paras) + "\n\n## Section B\n\nShort body.\n")
    chunks = chunk_document(load_document(path), "long.md", max_chars=500, overlap_chars=250)
    section_a = [c for c in chunks if c.headings == ("Section A",)]
    assert len(section_a) >= 3
    for prev, nxt in zip(section_a, section_a[1:], strict=False):
        assert nxt.start_line <= prev.end_line, "no overlap between consecutive split chunks"
        assert nxt.text.split("\n")[0] in prev.text
    assert [c.headings for c in chunks][-1] == ("Section B",)
    assert chunks[-1].text == "Short body." and chunks[-1].start_line == chunks[-1].end_line


def test_deterministic_ids(tmp_path: Path) -> None:
    first = chunk_document(load_document(ROADMAP), "roadmap.md")
    second = chunk_document(load_document(ROADMAP), "roadmap.md")
    assert [c.id for c in first] == [c.id for c in second]
    assert [c.id for c in chunk_document(load_document(ROADMAP), "other.md")] != [c.id for c in first]


def test_plain_text_has_no_headings(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("# not a heading in text\nfirst line\n\nsecond para\n")
    chunks = chunk_document(load_document(path), "notes.txt")
    assert len(chunks) == 1 and chunks[0].headings == () and chunks[0].start_line == 1


def test_html_headings_become_headings(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>x</title><style>p{}</style></head><body>\n"
        "<h1>Guide</h1>\n<h2>Databases</h2>\n<p>Learn <b>SQL</b> first.</p>\n"
        "<ul>\n<li>Postgres</li>\n<li>SQLite</li>\n</ul>\n<h2>Cloud</h2>\n<h3>AWS</h3>\n<p>Lambda functions.</p>\n"
        "</body></html>\n"
    )
    chunks = chunk_document(load_document(path), "page.html")
    assert [c.headings for c in chunks] == [("Databases",), ("Cloud", "AWS")]
    assert "Learn SQL first." in chunks[0].text and "- Postgres" in chunks[0].text
    assert chunks[0].start_line == 4 and chunks[0].end_line == 7
    assert chunks[1].start_line == 11


def test_pdf_pages_are_sections_with_page_relative_lines(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "doc.pdf", [["Vector search basics", "Use FAISS"], ["Deployment notes"]])
    chunks = chunk_document(load_document(path), "doc.pdf")
    assert [c.headings for c in chunks] == [("Page 1",), ("Page 2",)]
    assert "FAISS" in chunks[0].text and chunks[0].start_line == 1 and chunks[0].end_line == 2
    assert chunks[1].text == "Deployment notes"


def test_heading_only_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "empty_sections.md"
    path.write_text("# A\n\n## B\n\n### C\n")
    with pytest.raises(LoadError, match="no text"):
        load_document(path)
