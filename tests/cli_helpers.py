"""Running the ``rag`` command line in-process, as the CLI tests do."""

from __future__ import annotations

import io

import pytest

from rag.cli import main


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str], stdin: str | None = None,
            monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    """``rag ARGV`` through ``rag.cli.main``: (exit code, stdout, stderr); ``stdin`` needs ``monkeypatch``."""
    if stdin is not None:
        assert monkeypatch is not None, "pass monkeypatch to feed stdin"
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = 0
    try:
        main(argv)
    except SystemExit as ex:
        code = int(ex.code or 0)
    out, err = capsys.readouterr()
    return code, out, err
