"""The ``rag`` command line: the terminal edge. It only calls the core; errors become one clear line.

Each command group lives in its own module and registers itself on ``app``.
"""

from __future__ import annotations

import logging
import os
import sys

import typer
from pydantic import ValidationError

from rag.errors import RagError
from rag.settings import settings_error_message

app = typer.Typer(
    name="rag",
    help="Roadmap Mentor: grounded answers, search and career guidance over your roadmap documents.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_state = {"debug": False}


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks and debug logs."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress to stderr."),
) -> None:
    _state["debug"] = debug
    level = logging.DEBUG if debug else (logging.INFO if verbose else logging.WARNING)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def debug_enabled() -> bool:
    return _state["debug"]


from rag.cli import ask_cmds, career_cmds, eval_cmd, index_cmds, serve_cmd  # noqa: E402

for _module in (index_cmds, ask_cmds, eval_cmd, career_cmds, serve_cmd):
    _module.register(app)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: run the app, turn domain errors into one line and an exit code."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    try:
        rc = app(args=argv, standalone_mode=False)
        if isinstance(rc, int) and rc:
            sys.exit(rc)
    except RagError as err:
        if _state["debug"]:
            raise
        print(f"error: {err}", file=sys.stderr)
        sys.exit(err.exit_code)
    except ValidationError as err:  # a bad RAG_* environment variable
        if _state["debug"]:
            raise
        print(f"error: {settings_error_message(err)}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except (typer.Exit, SystemExit) as ex:
        code = getattr(ex, "exit_code", None)
        if code is None:
            code = getattr(ex, "code", 0)
        sys.exit(code or 0)
    except Exception as err:  # click usage errors and unexpected failures
        import click

        if isinstance(err, click.exceptions.Abort):
            print("aborted", file=sys.stderr)
            sys.exit(130)
        if isinstance(err, click.ClickException):
            err.show()
            sys.exit(err.exit_code)
        if _state["debug"]:
            raise
        print(f"error: {type(err).__name__}: {err} (run again with --debug for the traceback)", file=sys.stderr)
        sys.exit(1)
