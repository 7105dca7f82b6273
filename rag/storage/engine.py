"""Database engines (SQLAlchemy 2 Core): the only module that names a database driver.

``RAG_DATABASE_URL`` unset: each concern keeps its SQLite file under RAG_HOME, exactly as before
(``lexical.sqlite3``, ``app.sqlite3``, ``mentor.sqlite3``). ``postgresql://...``: every concern lives in
that PostgreSQL database (driver: psycopg 3), whose schema is migrated by Alembic on first use.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from rag.errors import ConfigError, StoreUnavailableError
from rag.storage.url import check_database_url, is_server_url, redact

log = logging.getLogger(__name__)

_server_engines: dict[str, Engine] = {}
_server_lock = threading.Lock()


def _driver_url(url: str) -> sa.engine.URL:
    parsed = sa.engine.make_url(url)
    return parsed.set(drivername="postgresql+psycopg")


def shown_url(engine: Engine) -> str:
    """The engine's database URL as RAG_DATABASE_URL spells it (``postgresql://``), password hidden."""
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=True)


def unreachable(url: str, err: BaseException) -> StoreUnavailableError:
    return StoreUnavailableError(
        f"PostgreSQL at {redact(url)} is not reachable ({type(err).__name__}: {str(err).strip().splitlines()[0]}): "
        "start it (or fix RAG_DATABASE_URL), or unset RAG_DATABASE_URL to keep the state in SQLite files under RAG_HOME."
    )


def create_server_engine(url: str) -> Engine:
    """A new engine (connection pool) for a PostgreSQL URL, schema untouched (see ``server_engine``).

    Every store on it (lexical index, conversations, profiles) gets the same error for a database it
    cannot reach: a failed connect, or a connection the server dropped, raises ``unreachable(url)``
    (StoreUnavailableError: the edges print it as one line / HTTP 503) instead of SQLAlchemy's error.
    """
    engine = sa.create_engine(
        _driver_url(url),
        # no pre-ping (it would double every round trip): a connection the server dropped fails its
        # request once (StoreUnavailableError) and the pool then replaces every connection
        pool_pre_ping=False,
        pool_size=5,
        max_overflow=10,
        connect_args={"connect_timeout": 10, "application_name": "roadmap-mentor"},
    )

    @event.listens_for(engine, "handle_error")
    def _unreachable(context: sa.engine.ExceptionContext) -> BaseException | None:
        # no connection yet (connect failed) or a lost one; other errors (SQL, constraints) pass unchanged
        if context.connection is None or context.is_disconnect:
            err = context.sqlalchemy_exception or context.original_exception
            if isinstance(err, sa.exc.OperationalError | sa.exc.InterfaceError) or context.is_disconnect:
                return unreachable(url, err)
        return None

    return engine


def server_engine(url: str) -> Engine:
    """The process-wide engine (connection pool) for a PostgreSQL URL, schema migrated to the latest version."""
    with _server_lock:
        engine = _server_engines.get(url)
        if engine is not None:
            return engine
        engine = create_server_engine(url)
        try:
            from rag.storage.migrate import upgrade

            upgrade(engine)
        except StoreUnavailableError:
            engine.dispose()
            raise
        except sa.exc.OperationalError as err:
            engine.dispose()
            raise unreachable(url, err) from err
        except sa.exc.ArgumentError as err:
            engine.dispose()
            raise ConfigError(f"RAG_DATABASE_URL {redact(url)} is not a valid database URL ({err}).") from err
        _server_engines[url] = engine
        return engine


def sqlite_engine(path: Path | str, timeout_s: float = 30.0) -> Engine:
    """An engine over one SQLite file in WAL mode: busy timeout, foreign keys, ``BEGIN IMMEDIATE`` writes.

    The pool keeps the connection open (closing the last connection of a WAL database checkpoints and
    fsyncs, which would make every short write cost tens of milliseconds).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": timeout_s, "check_same_thread": False},
        poolclass=sa.pool.QueuePool,
        pool_size=1,
        max_overflow=8,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (below)
        dbapi_connection.execute(f"PRAGMA busy_timeout = {int(timeout_s * 1000)}")
        _set_wal(dbapi_connection, timeout_s)
        dbapi_connection.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: consistent, commits skip an fsync
        dbapi_connection.execute("PRAGMA foreign_keys = ON")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        # writes take the write lock up front (no upgrade deadlock); reads (see ``reading``) do not
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(_READ_ONLY) else "BEGIN IMMEDIATE")

    return engine


def _set_wal(connection: sqlite3.Connection, timeout_s: float) -> None:
    """WAL mode, once per file (it persists). Switching the mode answers SQLITE_BUSY at once, without the busy
    handler, while another process holds a lock (seen with two workers opening one new file together), so
    it is retried until ``timeout_s``; a file already in WAL mode is left alone."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            mode = connection.execute("PRAGMA journal_mode").fetchone()
            if mode and str(mode[0]).lower() == "wal":
                return
            connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) and "busy" not in str(err):
                raise
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.02)  # another process is switching or writing: try again shortly


_READ_ONLY = "rag_read_only"


@contextmanager
def reading(engine: Engine) -> Iterator[sa.Connection]:
    """A connection for reads only (SQLite: a deferred transaction, so readers never wait for a writer)."""
    with engine.connect() as conn:
        conn.execution_options(**{_READ_ONLY: True})
        yield conn


def sqlite_script(engine: Engine, script: str) -> None:
    """Run a multi-statement SQLite script (``CREATE TABLE IF NOT EXISTS ...``) on a pooled connection."""
    raw = engine.raw_connection()
    try:
        raw.driver_connection.executescript(script)  # type: ignore[union-attr]
    finally:
        raw.close()


__all__ = [
    "check_database_url",
    "create_server_engine",
    "is_server_url",
    "reading",
    "redact",
    "server_engine",
    "shown_url",
    "sqlite_engine",
    "sqlite_script",
    "unreachable",
]
