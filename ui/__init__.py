"""The Streamlit edge of Roadmap Mentor: page functions run by ``app.py`` through ``st.navigation``.

Pages are plain functions taking a :class:`UIContext`; only ``app.py`` builds heavy objects
(``st.cache_resource``) and passes them in.

Adding a career page (no change to app.py needed)
-------------------------------------------------
Create a module ``ui/career_<name>.py`` exposing::

    PAGE_TITLE = "Progress"        # shown in the navigation
    PAGE_ICON = ":material/trending_up:"   # or an emoji
    PAGE_ORDER = 10                # optional: lower comes first (default 100, then by module name)

    def render(ctx: UIContext) -> None:
        ...  # use ctx.settings, ctx.services, ctx.profile (the learner profile chosen in the sidebar)

``app.py`` discovers every ``ui/career_*.py`` with :func:`discover_career_pages` and adds it after
Chat and Documents. Raise ``rag.errors.RagError`` subclasses freely: the page runner shows them as
``st.error(str(err))``. Give widgets stable ``key=``s prefixed with the module name.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from rag.conversations import ConversationStore
    from rag.services import Services
    from rag.settings import Settings

log = logging.getLogger(__name__)

DEFAULT_PROFILE = "default"


@dataclass
class UIContext:
    """What every page needs. Built per script run by app.py from cached objects."""

    settings: Settings
    services: Services
    conversations: ConversationStore
    profile: str = DEFAULT_PROFILE  # the current learner profile name (sidebar)
    backend: str = "auto"  # the backend picked in the sidebar: auto | ollama | llamacpp | extractive
    path_filter: str | None = None  # the roadmap path picked in the sidebar (None = all)


@dataclass(frozen=True)
class PageSpec:
    """One page for ``st.navigation``: ``render(ctx)`` plus how it is listed."""

    title: str
    icon: str
    render: Callable[[UIContext], None]
    url_path: str
    order: int = 100


def discover_career_pages() -> list[PageSpec]:
    """Every ``ui/career_*.py`` module exposing ``PAGE_TITLE``, ``PAGE_ICON`` and ``render(ctx)``."""
    pages: list[PageSpec] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("career_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        render = getattr(module, "render", None)
        title = getattr(module, "PAGE_TITLE", None)
        if not callable(render) or not title:
            log.warning("ui/%s.py skipped: it needs PAGE_TITLE and render(ctx)", info.name)
            continue
        pages.append(
            PageSpec(
                title=str(title),
                icon=str(getattr(module, "PAGE_ICON", "")),
                render=render,
                url_path=info.name.replace("_", "-"),
                order=int(getattr(module, "PAGE_ORDER", 100)),
            )
        )
    return sorted(pages, key=lambda p: p.order)


__all__ = ["DEFAULT_PROFILE", "PageSpec", "UIContext", "discover_career_pages"]
