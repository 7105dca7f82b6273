"""Real servers on loopback for the server-mode tests and ``bench/storage.py``: PostgreSQL 15 and Chroma.

PostgreSQL comes from Debian's binaries in /usr/lib/postgresql/15/bin (``apt-get install -y postgresql``).
``initdb`` refuses to run as root, so as root the cluster is created and started as the ``postgres``
user (``su postgres -s /bin/sh -c ...``) in a data folder that user owns.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from ui.server import free_port, stop_process, wait_until

PG_BIN = Path(os.environ.get("RAG_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))
CHROMA = Path(sys.executable).with_name("chroma")


def postgres_missing_message() -> str | None:
    if not (PG_BIN / "initdb").exists():
        return (
            f"PostgreSQL 15 server binaries are missing ({PG_BIN / 'initdb'} not found): "
            "install them with `apt-get install -y postgresql` (Debian 12), or set RAG_TEST_PG_BIN."
        )
    return None


def _as_postgres(command: list[str], check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run a PostgreSQL binary, as the ``postgres`` user when we are root."""
    if os.geteuid() == 0:
        command = ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(command)]
    return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)


@contextmanager
def postgres_server(fsync: bool = True) -> Iterator[str]:
    """A fresh PostgreSQL cluster on 127.0.0.1 (free port); yields the admin URL ``postgresql://postgres@...``."""
    missing = postgres_missing_message()
    if missing:
        raise RuntimeError(missing)
    root = Path(tempfile.mkdtemp(prefix="rag-pg-"))  # under /tmp: the postgres user must reach it
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    port = free_port()
    try:
        done = _as_postgres(
            [str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"],
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed: {done.stderr[-2000:]}")
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1" + ("" if fsync else " -c fsync=off")
        done = _as_postgres(
            [str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "server.log"), "-w", "-t", "60", "start"],
            check=False,
        )
        if done.returncode != 0:
            log = (root / "server.log").read_text(errors="replace")[-2000:] if (root / "server.log").exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {done.stderr[-1000:]} {log}")
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        if (data / "postmaster.pid").exists():
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], check=False)
        shutil.rmtree(root, ignore_errors=True)


def create_database(admin_url: str, name: str | None = None) -> str:
    """A new empty database on the server of ``admin_url``; returns its URL."""
    import psycopg

    name = name or f"rag_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


@contextmanager
def chroma_server(path: Path) -> Iterator[str]:
    """A real ``chroma run`` on 127.0.0.1 (free port) storing under ``path``; yields its URL."""
    if not CHROMA.exists():
        raise RuntimeError(f"{CHROMA} is missing: install chromadb==1.5.9 into this venv (make install)")
    path.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = (path / "server.log").open("w")
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(path / "db"), "--port", str(port), "--host", "127.0.0.1"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"

    def heartbeat() -> bool:
        if proc.poll() is not None:
            raise RuntimeError(f"chroma server exited early: {(path / 'server.log').read_text()[-2000:]}")
        try:
            return httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_until(heartbeat, 60, "the chroma server's heartbeat", interval_s=0.2)
        yield url
    finally:
        stop_process(proc, timeout_s=20)
        log.close()
