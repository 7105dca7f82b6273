"""Prompt templates: versioned Jinja files in ``settings.prompts_dir`` (``prompts/<name>.j2``).

Rendering uses ``StrictUndefined`` so a missing variable raises instead of rendering blank.
A chat template may be split into messages with lines reading exactly ``[system]`` / ``[user]``;
:func:`render_messages` returns ``(role, text)`` pairs, :func:`render` returns the whole text.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

import jinja2

from rag.errors import ConfigError
from rag.settings import REPO_DIR

DEFAULT_PROMPTS_DIR = REPO_DIR / "prompts"
_ROLE_LINE = re.compile(r"^\[(system|user|assistant)\]\s*$", re.MULTILINE)

__all__ = ["render", "render_messages", "prompt_version", "DEFAULT_PROMPTS_DIR"]


@lru_cache(maxsize=8)
def _environment(prompts_dir: str) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(prompts_dir),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _template_path(name: str, prompts_dir: Path | None) -> Path:
    folder = Path(prompts_dir or DEFAULT_PROMPTS_DIR)
    path = folder / f"{name}.j2"
    if not path.is_file():
        raise ConfigError(
            f"Prompt template {path} is missing. Restore it from the repository or point RAG_PROMPTS_DIR "
            "at a folder holding answer.j2, condense.j2 and refusal.j2."
        )
    return path


def render(name: str, /, prompts_dir: Path | None = None, **variables: object) -> str:
    """Render ``<prompts_dir>/<name>.j2``; a variable the template uses but is not given raises ConfigError."""
    path = _template_path(name, prompts_dir)
    env = _environment(str(path.parent))
    try:
        return env.get_template(path.name).render(**variables).strip()
    except jinja2.UndefinedError as err:
        raise ConfigError(
            f"Prompt {path.name} needs a variable that was not given ({err}). "
            "Pass it to render() or fix the template."
        ) from err
    except jinja2.TemplateSyntaxError as err:
        raise ConfigError(f"Prompt {path} has a syntax error on line {err.lineno}: {err.message}") from err


def render_messages(name: str, /, prompts_dir: Path | None = None, **variables: object) -> list[tuple[str, str]]:
    """Render a chat template into ``(role, text)`` messages split on ``[system]``/``[user]`` lines."""
    text = render(name, prompts_dir, **variables)
    parts = _ROLE_LINE.split(text)
    if len(parts) == 1:
        return [("user", text.strip())]
    messages = [(role, body.strip()) for role, body in zip(parts[1::2], parts[2::2], strict=True)]
    return [(role, body) for role, body in messages if body]


def prompt_version(name: str, prompts_dir: Path | None = None) -> str:
    """A short hash of the template file: changes whenever the prompt changes (used by the judge cache)."""
    data = _template_path(name, prompts_dir).read_bytes()
    return hashlib.sha256(data).hexdigest()[:12]
