"""Helpers for the index/ingest/retrieval tests (not fixtures: plain functions and wrappers)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROADMAP = Path(__file__).resolve().parents[1] / "rag" / "corpus" / "ai-ml-mastery-roadmap.md"
QUESTIONS = Path(__file__).resolve().parent / "fixtures" / "retrieval_questions.jsonl"


class CountingEmbedder:
    """Wraps the real embedder, counting calls and texts; optionally raises on the Nth embed_documents call."""

    def __init__(self, inner: Any, interrupt_on_call: int | None = None):
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.calls = 0
        self.texts = 0
        self.interrupt_on_call = interrupt_on_call

    def embed_documents(self, texts: list[str]) -> Any:
        self.calls += 1
        if self.interrupt_on_call is not None and self.calls == self.interrupt_on_call:
            raise KeyboardInterrupt
        self.texts += len(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> Any:
        return self.inner.embed_query(text)


def label_matches(label: str, expected: str) -> bool:
    """The ` > ` fragment rule: every fragment appears case-insensitively in the label."""
    return all(fragment.strip().lower() in label.lower() for fragment in expected.split(" > "))


def load_questions() -> list[dict[str, str]]:
    return [json.loads(line) for line in QUESTIONS.read_text().splitlines() if line.strip()]


def make_pdf(path: Path, pages: list[list[str]]) -> Path:
    """Write a minimal valid PDF whose pages hold the given text lines (Helvetica, one line per row)."""
    objects: list[bytes] = []
    page_ids = [3 + 2 * i for i in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{pid} 0 R" for pid in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    font_id = 3 + 2 * len(pages)
    for i, lines in enumerate(pages):
        ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode()
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {page_ids[i] + 1} 0 R "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path
