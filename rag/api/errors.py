"""Every API error in OpenAI's shape: ``{"error": {"message", "type", "param", "code"}}``.

Domain errors (:mod:`rag.errors`) keep their message (a complete sentence saying what to do); validation
errors become 400; anything unexpected becomes a 500 with a generic message, logged here with its
traceback and never sent to the client.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from rag.errors import (
    ConfigError,
    EmptyIndexError,
    IndexMismatchError,
    InputError,
    LLMError,
    LLMUnavailableError,
    ModelUnavailableError,
    RagError,
    StoreUnavailableError,
)

log = logging.getLogger(__name__)

INTERNAL_MESSAGE = "The server failed while handling this request; the error is logged on the server. Try again, or report it."

# domain error -> (HTTP status, OpenAI error type, code)
_RAG_ERRORS: list[tuple[type[RagError], int, str, str]] = [
    (InputError, 400, "invalid_request_error", "invalid_input"),
    (EmptyIndexError, 503, "server_error", "index_empty"),
    (IndexMismatchError, 503, "server_error", "index_mismatch"),
    (StoreUnavailableError, 503, "server_error", "store_unavailable"),
    (ModelUnavailableError, 503, "server_error", "model_unavailable"),
    (LLMUnavailableError, 503, "server_error", "backend_unavailable"),
    (LLMError, 502, "server_error", "backend_failed"),
    (ConfigError, 500, "server_error", "config_error"),
]

_STATUS_TYPES = {
    400: ("invalid_request_error", "invalid_request"),
    401: ("invalid_request_error", "invalid_api_key"),
    403: ("invalid_request_error", "forbidden"),
    404: ("invalid_request_error", "not_found"),
    405: ("invalid_request_error", "method_not_allowed"),
    413: ("invalid_request_error", "request_too_large"),
    415: ("invalid_request_error", "unsupported_media_type"),
    429: ("requests", "rate_limit_exceeded"),
}


class ApiError(Exception):
    """An error the API layer itself raises (bad model name, unknown document, refused upload ...)."""

    def __init__(
        self, status: int, message: str, *, type: str | None = None, code: str | None = None,
        param: str | None = None, headers: dict[str, str] | None = None,
    ):
        super().__init__(message)
        default_type, default_code = _STATUS_TYPES.get(status, ("server_error", "server_error"))
        self.status = status
        self.message = message
        self.type = type or default_type
        self.code = code or default_code
        self.param = param
        self.headers = headers or {}


def error_body(message: str, type: str, code: str | None = None, param: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": type, "param": param, "code": code}}


def error_response(
    status: int, message: str, type: str | None = None, code: str | None = None, param: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    default_type, default_code = _STATUS_TYPES.get(status, ("server_error", "server_error"))
    return JSONResponse(error_body(message, type or default_type, code or default_code, param), status, headers=headers)


def rag_error_parts(err: RagError) -> tuple[int, str, str]:
    """(status, type, code) for a domain error."""
    for cls, status, type_, code in _RAG_ERRORS:
        if isinstance(err, cls):
            return status, type_, code
    return 500, "server_error", "rag_error"


def rag_error_body(err: RagError) -> tuple[int, dict[str, Any]]:
    status, type_, code = rag_error_parts(err)
    return status, error_body(str(err), type_, code)


def _validation_message(err: RequestValidationError) -> tuple[str, str | None]:
    errors = err.errors()
    if not errors:
        return "The request is not valid.", None
    first = errors[0]
    loc = [str(x) for x in first.get("loc", ()) if x not in ("body", "query", "path", "header")]
    param = ".".join(loc) or None
    msg = str(first.get("msg", "invalid value"))
    more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    where = f"{param}: " if param else ""
    return f"Invalid request: {where}{msg}{more}. See docs/api.md for the request format.", param


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, err: ApiError) -> JSONResponse:
        return error_response(err.status, err.message, err.type, err.code, err.param, err.headers)

    @app.exception_handler(RagError)
    async def _rag_error(request: Request, err: RagError) -> JSONResponse:
        status, body = rag_error_body(err)
        log.warning("%s %s: %s", request.method, request.url.path, err)
        return JSONResponse(body, status)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, err: RequestValidationError) -> JSONResponse:
        message, param = _validation_message(err)
        return error_response(400, message, "invalid_request_error", "invalid_request", param)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, err: StarletteHTTPException) -> JSONResponse:
        message = str(err.detail) if err.detail else "error"
        if err.status_code == 404 and message == "Not Found":
            message = f"No route {request.method} {request.url.path}: see docs/api.md (or GET /docs) for the endpoints."
        elif err.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}: see docs/api.md for the endpoints."
        return error_response(err.status_code, message, headers=dict(err.headers or {}))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, err: Exception) -> JSONResponse:
        log.exception("unhandled error in %s %s", request.method, request.url.path)
        return error_response(500, INTERNAL_MESSAGE, "server_error", "internal_error")
