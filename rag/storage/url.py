"""``RAG_DATABASE_URL`` parsing (no database library imported: Settings validates with it)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def is_server_url(url: str | None) -> bool:
    """True for a PostgreSQL URL (server mode); False for None (the SQLite files under RAG_HOME)."""
    return bool(url) and urlsplit(str(url)).scheme in POSTGRES_SCHEMES


def check_database_url(url: str | None) -> str | None:
    """``None`` (unset or blank) or a PostgreSQL URL; anything else raises ValueError saying what to set."""
    if url is None or not url.strip():
        return None
    url = url.strip()
    if not is_server_url(url):
        raise ValueError(
            "RAG_DATABASE_URL must be a PostgreSQL URL like postgresql://user:password@host:5432/dbname; "
            "unset it to keep the SQLite files under RAG_HOME"
        )
    return url


def redact(url: str) -> str:
    """The URL with its password replaced by ``***`` (for messages and logs)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))
