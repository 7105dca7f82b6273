"""The Streamlit app in-process (streamlit.testing.v1.AppTest) over a real index and the extractive backend."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from rag.conversations import THUMBS_DOWN, ConversationStore
from rag.services import Services
from rag.settings import Settings

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "app.py"
if str(REPO) not in sys.path:  # `ui/` sits next to app.py, outside the installed `rag` package
    sys.path.insert(0, str(REPO))

from ui.documents import upload_problem  # noqa: E402

QUESTION = "Which tools does Level 1 of the AI Integration Engineering Path cover for API development?"
QUANTUM_MD = b"""# Quantum Widgets

## Calibration
Quantum widgets are calibrated with a flux spanner every 42 days.
The flux spanner must be cooled to 3 kelvin before calibration starts.
"""


@pytest.fixture(scope="module")
def indexed_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A RAG_HOME with the bundled roadmap indexed (shared by this module's tests)."""
    home = tmp_path_factory.mktemp("app_home")
    Services(Settings(home=home, llm="extractive")).index.ensure_bundled()
    return home


def _app(monkeypatch: pytest.MonkeyPatch, home: Path) -> AppTest:
    monkeypatch.setenv("RAG_HOME", str(home))
    monkeypatch.setenv("RAG_LLM", "extractive")
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _open_page(at: AppTest, url_path: str) -> AppTest:
    """Switch to a callable st.Page (AppTest.switch_page only knows file pages)."""
    hashes = [h for h, info in at._registered_pages.items() if info.get("url_pathname") == url_path]
    assert hashes, f"page {url_path!r} not registered: {at._registered_pages}"
    at._page_hash = hashes[0]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(elements: object) -> list[str]:
    return [str(e.value) for e in elements]  # type: ignore[attr-defined]


@pytest.fixture
def store(indexed_home: Path) -> Iterator[ConversationStore]:
    yield ConversationStore(Settings(home=indexed_home).app_db)


def test_ask_shows_cited_answer_how_it_was_made_and_stores_feedback(
    monkeypatch: pytest.MonkeyPatch, indexed_home: Path, store: ConversationStore
) -> None:
    at = _app(monkeypatch, indexed_home)
    counts = [t for t in _texts(at.sidebar.caption) if "document" in t and " indexed" in t]
    assert counts and " 0 documents" not in counts[0] and " 1 document · " in counts[0], counts
    assert any("Extractive" in t for t in _texts(at.sidebar.caption))

    at.chat_input[0].set_value(QUESTION).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, _texts(at.error)
    assert len(at.chat_message) == 2
    answer_md = _texts(at.chat_message[1].markdown)
    assert "[1]" in answer_md[0], answer_md
    sources = [t for t in answer_md if t.startswith("**[1]**")]
    assert sources and "ai-ml-mastery-roadmap.md" in sources[0] and "lines" in sources[0], answer_md
    passages = _texts(at.chat_message[1].get("html"))
    assert passages and any("<mark" in p for p in passages), passages
    how = [e for e in at.expander if e.label == "How this answer was made"]
    assert how, "the 'How this answer was made' expander is missing"
    how_text = "\n".join(_texts(how[0].markdown))
    assert "Standalone question" in how_text and "Backend:** extractive" in how_text and "| ✓ |" in how_text

    (conv,) = store.list_conversations()
    assert conv.title.startswith("Which tools does Level 1")
    user_msg, answer_msg = store.messages(conv.id)
    assert answer_msg.answer["citations"], "the stored answer has no citations"

    at.feedback(key=f"feedback-{answer_msg.id}").set_value(THUMBS_DOWN).run()
    fb = store.feedback_for(answer_msg.id)
    assert fb is not None and fb.score == THUMBS_DOWN and fb.question == QUESTION
    at.text_input(key=f"comment-{answer_msg.id}").set_value("It should list REST principles too").run()
    assert store.feedback_for(answer_msg.id).comment == "It should list REST principles too"
    export = at.sidebar.get("download_button")
    assert export and "Export 1 thumbs-down" in export[0].proto.label

    # a new browser session resumes, renames and deletes the stored conversation
    other = _app(monkeypatch, indexed_home)
    assert len(other.chat_message) == 0
    other.button(key=f"conv-{conv.id}").click().run()
    assert len(other.chat_message) == 2
    assert _texts(other.chat_message[1].markdown)[0] == answer_md[0]
    assert other.feedback(key=f"feedback-{answer_msg.id}").value == THUMBS_DOWN
    other.text_input(key=f"rename-{conv.id}").set_value("API tools").run()
    assert store.get_conversation(conv.id).title == "API tools"
    other.button(key=f"delete-{conv.id}").click().run()
    assert store.get_conversation(conv.id) is None
    assert len(other.chat_message) == 0


def test_follow_up_question_uses_the_conversation(
    monkeypatch: pytest.MonkeyPatch, indexed_home: Path, store: ConversationStore
) -> None:
    at = _app(monkeypatch, indexed_home)
    at.button(key="new_conversation").click().run()
    at.chat_input[0].set_value("What does the Machine Learning Engineering Path cover in Level 1?").run()
    at.chat_input[0].set_value("And in Level 2?").run()
    assert not at.error, _texts(at.error)
    assert len(at.chat_message) == 4
    conv = store.list_conversations()[0]
    assert [m.role for m in store.messages(conv.id)] == ["user", "assistant", "user", "assistant"]
    how = [e for e in at.expander if e.label == "How this answer was made"][-1]
    standalone = next(t for t in _texts(how.markdown) if t.startswith("**Standalone question:**"))
    assert "Level 2" in standalone


def test_path_filter_limits_retrieval(monkeypatch: pytest.MonkeyPatch, indexed_home: Path, store) -> None:  # noqa: ANN001
    at = _app(monkeypatch, indexed_home)
    paths = at.selectbox(key="path_filter")
    assert paths.options == ["All roadmap paths", "AI Integration Engineering Path", "Machine Learning Engineering Path"]
    paths.set_value("Machine Learning Engineering Path").run()
    at.button(key="new_conversation").click().run()
    at.chat_input[0].set_value("What should I learn first?").run()
    assert not at.exception and not at.error, _texts(at.error)
    record = store.messages(store.list_conversations()[0].id)[-1].answer
    labels = [h["label"] for h in record["retrieved"]]
    assert labels and all("Machine Learning Engineering Path" in label for label in labels), labels


def test_unreachable_ollama_is_a_banner_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, indexed_home: Path
) -> None:
    monkeypatch.setenv("RAG_OLLAMA_URL", "http://127.0.0.1:9")  # nothing listens on the discard port
    at = _app(monkeypatch, indexed_home)
    at.selectbox(key="backend").set_value("ollama").run()
    warnings = _texts(at.warning)
    assert any("Ollama is not available" in w and "RAG_OLLAMA_URL" in w for w in warnings), warnings
    at.button(key="new_conversation").click().run()
    at.chat_input[0].set_value("What should I learn first?").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = _texts(at.error) + _texts(at.info)
    assert any("Ollama" in t for t in shown), shown


def test_an_empty_home_is_indexed_by_the_app_itself(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """First start on an empty RAG_HOME: no button to press; the chat input is usable in the same run."""
    home = tmp_path / "empty_home"
    at = _app(monkeypatch, home)
    assert not at.exception and not at.error
    assert not at.chat_input[0].disabled
    assert not any("Nothing is indexed yet" in t for t in _texts(at.info)), _texts(at.info)
    assert Services(Settings(home=home)).index.stats()["documents"] == 1
    at.run()
    counts = [t for t in _texts(at.sidebar.caption) if "document" in t and " indexed" in t]
    assert counts and " 1 document · " in counts[0], counts
    at.chat_input[0].set_value("Which vector databases does the roadmap mention?").run()
    assert not at.exception and not at.error
    assert any("FAISS" in t for t in _texts(at.markdown)), "no answer over the freshly indexed roadmap"


def test_uploads_are_checked_indexed_and_removable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    home = tmp_path / "upload_home"
    at = _open_page(_app(monkeypatch, home), "documents")
    uploads = Settings(home=home).uploads_dir

    at.file_uploader(key="upload").set_value(("evil.exe", b"MZ\x90\x00", "application/octet-stream")).run()
    errors = _texts(at.error)
    assert any("evil.exe" in e and "cannot be indexed" in e for e in errors), errors
    assert not [b for b in at.button if b.key == "index_uploads"], "a rejected upload must not offer indexing"
    assert not uploads.exists() or not any(uploads.iterdir()), "a rejected upload wrote a file"

    at.file_uploader(key="upload").set_value(("quantum-widgets.md", QUANTUM_MD, "text/markdown")).run()
    at.button(key="index_uploads").click().run()
    assert not at.error, _texts(at.error)
    assert (uploads / "quantum-widgets.md").read_bytes() == QUANTUM_MD
    assert any("quantum-widgets.md" in t for t in _texts(at.code)), _texts(at.code)
    assert any("| quantum-widgets.md |" in t for t in _texts(at.markdown)), "the document list misses the upload"

    at.selectbox(key="remove_source").set_value("quantum-widgets.md")
    at.get("form_submit_button")[0].click()
    at.run()
    assert not any("| quantum-widgets.md |" in t for t in _texts(at.markdown))
    assert not (uploads / "quantum-widgets.md").exists()


def test_upload_problem_checks_type_and_size(make_settings) -> None:  # noqa: ANN001
    settings = make_settings(upload_max_mb=1)
    assert upload_problem("notes.MD", 10, settings) is None
    assert "cannot be indexed" in upload_problem("archive.zip", 10, settings)
    assert "cannot be indexed" in upload_problem("README", 10, settings)
    assert "over the 1 MB upload limit" in upload_problem("big.pdf", 2 * 1024 * 1024, settings)
    assert "empty" in upload_problem("empty.txt", 0, settings)
