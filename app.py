"""Roadmap Mentor's Streamlit app: ``streamlit run app.py``.

The one place that builds Settings and caches the heavy Services container (``st.cache_resource``).
Pages are functions in ``ui/`` taking a ``UIContext``; career pages are discovered from ``ui/career_*.py``.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
if str(Path(__file__).resolve().parent) not in sys.path:  # `ui` lives next to this file
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import streamlit as st  # noqa: E402
from pydantic import ValidationError  # noqa: E402

from rag.conversations import ConversationStore  # noqa: E402
from rag.errors import RagError  # noqa: E402
from rag.services import Services  # noqa: E402
from rag.settings import Settings, settings_error_message  # noqa: E402
from rag.storage import open_conversations  # noqa: E402
from ui import PageSpec, UIContext, chat, discover_career_pages, documents  # noqa: E402
from ui.components import error_boundary  # noqa: E402
from ui.sidebar import render_sidebar  # noqa: E402

log = logging.getLogger("app")
APP_CSS = Path(__file__).resolve().parent / "ui" / "app.css"


def _warm_up(services: Services) -> None:
    """Start the model's process and load the embedding model in the background, so the first question
    is not the slow one. The model loads in its own process: questions are answered extractively (and say
    so) until it is up, so nothing here blocks a page."""
    try:
        services.assistant.select(services.settings.llm)  # starts the embedded model's process (no wait)
        services.index.query_vector("warm up")
    except Exception as err:  # noqa: BLE001 - a failure here resurfaces, with its message, on first use
        log.warning("warm-up failed: %s", err)


@st.cache_resource(show_spinner="Loading Roadmap Mentor…")
def get_services(settings_json: str) -> Services:
    """One Services per distinct configuration, shared by every browser session of this server."""
    return Services(Settings.model_validate_json(settings_json))


@st.cache_resource(show_spinner=False)
def start_warm_up(settings_json: str) -> threading.Thread:
    """Warm up once per configuration, after a page is drawn (so its imports do not delay the page)."""
    thread = threading.Thread(target=_warm_up, args=(get_services(settings_json),), name="rag-warm-up", daemon=True)
    thread.start()
    return thread


@st.cache_resource
def get_conversations(settings_json: str) -> ConversationStore:
    """SQLite app.sqlite3 under RAG_HOME, or PostgreSQL when RAG_DATABASE_URL is set (rag.storage)."""
    return open_conversations(Settings.model_validate_json(settings_json))


def _page(spec: PageSpec, ctx: UIContext, *, default: bool = False) -> st.Page:
    def run() -> None:
        with error_boundary():
            spec.render(ctx)

    return st.Page(run, title=spec.title, icon=spec.icon or None, url_path=spec.url_path, default=default)


def main() -> None:
    st.set_page_config(page_title="Roadmap Mentor", page_icon=":material/school:", layout="wide")
    st.html(APP_CSS)
    logging.basicConfig(level=os.environ.get("RAG_LOG_LEVEL", "WARNING"))
    try:
        settings = Settings()
    except ValidationError as err:
        st.error(settings_error_message(err))
        st.stop()
    if settings.llm_start_wait_s is None:  # the UI answers extractively while the model loads, and says so
        settings = settings.model_copy(update={"llm_start_wait_s": 0.0})
    try:
        services = get_services(settings.model_dump_json())
        store = get_conversations(settings.model_dump_json())
    except RagError as err:
        st.error(str(err))
        st.stop()
    ctx = render_sidebar(UIContext(settings=settings, services=services, conversations=store))
    specs = [
        PageSpec("Chat", ":material/chat:", chat.render, "chat", 0),
        PageSpec("Documents", ":material/description:", documents.render, "documents", 1),
        *discover_career_pages(),
    ]
    pages = [_page(spec, ctx, default=i == 0) for i, spec in enumerate(specs)]
    start_warm_up(settings.model_dump_json())  # a thread: the model's process starts while the page draws
    st.navigation(pages, position="sidebar").run()


main()
