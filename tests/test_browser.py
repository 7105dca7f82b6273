"""The real app in a real browser: ``streamlit run app.py`` driven by Playwright + Debian's Chromium.

The server answers with the embedded llama.cpp model (RAG_LLM=llamacpp), so tokens really stream.
Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.conversations import THUMBS_DOWN, ConversationStore
from rag.llm.models import ensure_model
from rag.services import Services
from rag.settings import Settings

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # `ui/` sits next to app.py, outside the installed `rag` package
    sys.path.insert(0, str(REPO))

from ui.server import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    RunningApp,
    ask_in_browser,
    streamlit_app,
    wait_idle,
    wait_until,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BACKEND = "llamacpp"
QUESTION = "What should I learn about API development in Level 1 of the AI Integration Engineering Path?"
QUANTUM_MD = """# Quantum Widgets

## Calibration
Quantum widgets are calibrated with a flux spanner every 42 days.
The flux spanner must be cooled to 3 kelvin before the calibration starts.

## Storage
Store quantum widgets in lead boxes, away from magnets.
"""


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A RAG_HOME with the bundled roadmap pre-indexed, so the server starts ready."""
    path = tmp_path_factory.mktemp("browser_home")
    Services(Settings(home=path, llm="extractive")).index.ensure_bundled()
    return path


@pytest.fixture(scope="module")
def gguf(shared_home: Path) -> Path:
    """The 0.5B model assembled once per session (in the shared home), not once per test home."""
    return ensure_model(Settings(home=shared_home))


@pytest.fixture(scope="module")
def app(home: Path, gguf: Path, artifacts_dir: Path) -> Iterator[RunningApp]:
    env = {"RAG_HOME": str(home), "RAG_LLM": BACKEND, "RAG_LLAMACPP_MODEL": str(gguf)}
    with open(artifacts_dir / "streamlit-browser.log", "wb") as log, streamlit_app(env, log) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("install chromium: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, app: RunningApp):  # noqa: ANN001, ANN201
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(app.url)
    page.get_by_test_id("stChatInputTextArea").wait_for()
    # the model starts in its own process; until it is up the app answers extractively (and says so)
    page.get_by_text("The embedded model is up").wait_for(timeout=300_000)
    yield page
    context.close()


def test_chat_streams_cites_explains_and_takes_feedback(page, home: Path, artifacts_dir: Path) -> None:  # noqa: ANN001
    result = ask_in_browser(page, QUESTION)
    msg_id = result.message_id
    assert result.first_text, "no token was shown while the answer was generated"
    answer = page.locator(f".st-key-answer-{msg_id}").inner_text()
    assert answer.strip() and "▌" not in answer

    store = ConversationStore(Settings(home=home).app_db)
    record = store.get_message(msg_id).answer
    assert record["backend"].startswith(BACKEND), record["backend"]
    assert record["citations"], f"the answer has no citation: {record['answer']!r}"
    n = record["citations"][0]["n"]
    assert f"[{n}]" in answer
    citation = page.locator(f".st-key-citation-{msg_id}-{n}")
    assert "lines" in citation.inner_text() and "›" in citation.inner_text()
    assert citation.locator(".rm-passage").inner_text().strip(), "the cited passage is not shown"
    page.locator(f".st-key-answer-{msg_id}").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "browser-answer.png"))

    citation.get_by_role("button", name="Open whole section").click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    wait_idle(page)
    assert record["citations"][0]["headings"][-1] in dialog.inner_text()
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")

    page.get_by_text("How this answer was made").last.click()
    how = page.locator(f".st-key-how-{msg_id}")
    how.get_by_text("Standalone question").wait_for()
    assert "Backend:" in how.inner_text() and "Retrieved passages" in how.inner_text()
    page.screenshot(path=str(artifacts_dir / "browser-chat.png"))

    page.locator(f".st-key-feedback-{msg_id}").get_by_role("radio", name="Thumbs down").click()
    wait_until(lambda: store.feedback_for(msg_id), 30, "the thumbs-down in the SQLite database")
    assert store.feedback_for(msg_id).score == THUMBS_DOWN


def test_uploaded_document_is_cited(page, app: RunningApp, artifacts_dir: Path, tmp_path: Path) -> None:  # noqa: ANN001
    doc = tmp_path / "quantum-widgets.md"
    doc.write_text(QUANTUM_MD, encoding="utf-8")
    page.get_by_role("link", name="Documents").click()
    page.locator("input[type=file]").set_input_files(str(doc))
    page.get_by_role("button", name="Index 1 file(s)").click()
    page.get_by_text("Indexed. Ask about it on the Chat page.").wait_for(timeout=120_000)
    assert "quantum-widgets.md" in page.locator("table").last.inner_text()
    page.screenshot(path=str(artifacts_dir / "browser-documents.png"))

    page.get_by_role("link", name="Chat").click()
    page.get_by_role("button", name="New conversation").click()
    msg_id = ask_in_browser(page, "How often are quantum widgets calibrated, and with what tool?").message_id
    sources = page.locator(f"div[class*='st-key-citation-{msg_id}-']")
    assert sources.count() >= 1, "the answer about the uploaded document cites nothing"
    assert "quantum-widgets.md" in sources.first.inner_text()
    page.screenshot(path=str(artifacts_dir / "browser-upload-answer.png"))


def test_page_does_not_animate_while_the_model_answers(page) -> None:  # noqa: ANN001
    """ui/app.css: no transitions, and Streamlit's running icon (redrawn 5x a second) is hidden."""
    durations = page.evaluate(
        "() => Array.from(document.querySelectorAll('[data-testid=stElementContainer], button, textarea'))"
        ".map(e => getComputedStyle(e).transitionDuration)"
    )
    assert durations and set(durations) == {"0s"}, durations
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill("Which vector databases does the roadmap mention?")
    box.press("Enter")
    page.locator("[data-testid='stApp'][data-test-script-state='running']").wait_for()
    icon = page.locator("[data-testid='stStatusWidgetRunningIcon']")
    icon.wait_for(state="attached")  # Streamlit shows it shortly after the run starts
    assert not icon.is_visible()
    wait_idle(page)
