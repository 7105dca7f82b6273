"""``POST /v1/chat/completions`` (OpenAI-compatible, streamed or not) and ``GET /v1/models``.

Translation only: OpenAI ``messages`` become (question, history) for :meth:`rag.chain.Assistant.stream`,
its events become chat.completion(.chunk) objects. The answer's citations, sources, refusal and backend
travel in the ``rag`` extension field (docs/api.md).

Streaming: the first chunk carries the role and ``rag.event = "retrieved"`` (standalone question,
retrieved passages, backend); then one chunk per generated token; then the final chunk (finish_reason
"stop") carries ``rag.event = "answer"`` with the checked answer. The citation check may rewrite the
streamed text (renumbered or dropped markers, an extractive replacement): when the checked answer only
extends what was streamed, the rest is sent as a last content delta; otherwise ``rag.answer_replaced`` is
true and ``rag.answer`` is the text to show instead of the streamed one.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
import uuid
from collections.abc import AsyncGenerator, AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse

from rag.api.deps import get_executor, get_services
from rag.api.errors import INTERNAL_MESSAGE, ApiError, error_body, rag_error_body
from rag.api.schemas import MAX_TEXT, ChatCompletion, ChatCompletionRequest, ChatMessage, ModelCard, ModelList
from rag.chain import BACKENDS
from rag.errors import RagError
from rag.schema import Answer, AnswerEvent, RetrievedEvent, StreamEvent, TokenEvent, Turn
from rag.services import Services

log = logging.getLogger(__name__)

router = APIRouter(prefix="/v1", tags=["chat"])

AUTO_DETAIL = "picks Ollama when it answers, else the embedded llama.cpp model, else extractive answers"


# --- models -----------------------------------------------------------------------------------
def _model_cards(services: Services) -> list[ModelCard]:
    from rag.llm import backend_status

    rows = backend_status(services.settings)
    cards = [ModelCard(id="auto", rag={"available": True, "name": "auto", "detail": AUTO_DETAIL, "action": ""})]
    cards += [
        ModelCard(id=row.kind, rag={"available": row.available, "name": row.name, "detail": row.detail, "action": row.action})
        for row in rows
    ]
    return cards


@router.get("/models", response_model=ModelList)
def list_models(services: Annotated[Services, Depends(get_services)]) -> ModelList:
    """The backends a chat completion's ``model`` may name, and whether each can answer now."""
    return ModelList(data=_model_cards(services))


@router.get("/models/{model_id}", response_model=ModelCard)
def get_model(model_id: str, services: Annotated[Services, Depends(get_services)]) -> ModelCard:
    for card in _model_cards(services):
        if card.id == model_id:
            return card
    raise _unknown_model(model_id)


def _unknown_model(model: str) -> ApiError:
    return ApiError(404, f"The model {model!r} does not exist: use one of {', '.join(BACKENDS)} (GET /v1/models).",
                    code="model_not_found", param="model")


# --- messages -> question + history -----------------------------------------------------------
def _text(message: ChatMessage) -> str:
    content = message.content
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    parts = []
    for part in content:
        if part.get("type") != "text" or not isinstance(part.get("text"), str):
            raise ApiError(400, f"Only text content parts are supported (got type {part.get('type')!r}).",
                           param="messages")
        parts.append(part["text"])
    return "\n".join(parts)


def split_messages(messages: list[ChatMessage]) -> tuple[str, list[Turn], list[str]]:
    """(question, history, ignored roles): the last message is the question; system/tool turns are ignored."""
    turns: list[Turn] = []
    ignored: list[str] = []
    for message in messages:
        if message.role == "user":
            turns.append(Turn(role="user", content=_text(message)))
        elif message.role == "assistant":
            turns.append(Turn(role="assistant", content=_text(message)))
        else:
            ignored.append(message.role)
    if not turns or messages[-1].role != "user":
        raise ApiError(400, "The last message must be the user's question (role 'user').", param="messages")
    if any(len(t["content"]) > MAX_TEXT for t in turns):
        raise ApiError(400, f"A message is over {MAX_TEXT} characters: ask a shorter question.", param="messages")
    return turns[-1]["content"], turns[:-1], ignored


# --- responses --------------------------------------------------------------------------------
def _completion_id() -> str:
    return "chatcmpl-" + uuid.uuid4().hex[:24]


def rag_extension(answer: Answer, ignored: list[str], **more: Any) -> dict[str, Any]:
    return {**answer.to_json(), "ignored_roles": ignored, **more}


def _chunk(cid: str, created: int, model: str, delta: dict[str, Any], finish: str | None = None,
           rag: dict[str, Any] | None = None) -> str:
    data: dict[str, Any] = {
        "id": cid, "object": "chat.completion.chunk", "created": created, "model": model,
        "system_fingerprint": None,
        "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
    }
    if rag is not None:
        data["rag"] = rag
    return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"


_DONE = object()


async def stream_events(executor: ThreadPoolExecutor, events: Iterator[StreamEvent]) -> AsyncGenerator[Any, None]:
    """Run ``events`` (Assistant.stream) on one worker thread; yield its events, or the exception it raised.

    Closing this iterator (the client went away) stops the generation at the next token.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[Any] = asyncio.Queue()
    stop = threading.Event()

    def put(item: Any) -> None:
        try:
            loop.call_soon_threadsafe(queue.put_nowait, item)
        except RuntimeError:  # the event loop is gone (server shutting down)
            stop.set()

    def produce() -> None:
        try:
            for event in events:
                put(event)
                if stop.is_set():
                    break
        except BaseException as err:  # noqa: BLE001 - handed to the response
            put(err)
        finally:
            close = getattr(events, "close", None)
            if close is not None:
                close()
            put(_DONE)

    future = loop.run_in_executor(executor, produce)
    try:
        while True:
            item = await queue.get()
            if item is _DONE:
                break
            yield item
    finally:
        stop.set()
        if future.done():
            future.result()


def _error_chunk(err: BaseException) -> str:
    if isinstance(err, RagError):
        _, body = rag_error_body(err)
    else:
        log.error("chat stream failed", exc_info=err)
        body = error_body(INTERNAL_MESSAGE, "server_error", "internal_error")
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"


async def _sse(first: Any, rest: AsyncGenerator[Any, None], ignored: list[str]) -> AsyncIterator[str]:
    cid, created = _completion_id(), int(time.time())
    model = "auto"
    streamed: list[str] = []
    started = False
    item = first
    try:
        while True:
            if isinstance(item, BaseException):
                yield _error_chunk(item)
                return
            if isinstance(item, RetrievedEvent):
                model, started = item.backend, True
                yield _chunk(cid, created, model, {"role": "assistant", "content": ""}, rag={
                    "event": "retrieved", "standalone_question": item.standalone_question,
                    "retrieved": [h.to_json() for h in item.hits], "backend": item.backend,
                })
            elif isinstance(item, TokenEvent):
                streamed.append(item.text)
                yield _chunk(cid, created, model, {"content": item.text})
            elif isinstance(item, AnswerEvent):
                answer = item.answer
                if not started:
                    yield _chunk(cid, created, answer.backend, {"role": "assistant", "content": ""})
                sent = "".join(streamed)
                replaced = not answer.answer.startswith(sent)
                if not replaced and len(answer.answer) > len(sent):
                    yield _chunk(cid, created, answer.backend, {"content": answer.answer[len(sent):]})
                yield _chunk(cid, created, answer.backend, {}, "stop",
                             rag=rag_extension(answer, ignored, event="answer", answer_replaced=replaced))
                yield "data: [DONE]\n\n"
                return
            try:
                item = await rest.__anext__()
            except StopAsyncIteration:
                return
    finally:
        await rest.aclose()


@router.post(
    "/chat/completions",
    response_model=ChatCompletion,
    responses={200: {"content": {"text/event-stream": {}}, "description": "a chat.completion, or SSE chunks when stream"},
               404: {"description": "unknown model"}},
)
async def chat_completions(
    body: ChatCompletionRequest,
    services: Annotated[Services, Depends(get_services)],
    executor: Annotated[ThreadPoolExecutor, Depends(get_executor)],
) -> Any:
    """Answer the last user message from the indexed documents, with ``[n]`` citations (see docs/api.md)."""
    if body.model not in BACKENDS:
        raise _unknown_model(body.model)
    question, history, ignored = split_messages(body.messages)
    options = body.rag
    filter_, k = (options.filter, options.k) if options else (None, None)
    assistant = await run_in_threadpool(lambda: services.assistant)
    if not body.stream:
        answer = await run_in_threadpool(assistant.ask, question, history, body.model, filter_, k)
        completion = ChatCompletion(
            id=_completion_id(), created=int(time.time()), model=answer.backend,
            choices=[{"message": {"content": answer.answer}}],  # type: ignore[list-item]
            rag=rag_extension(answer, ignored),
        )
        return JSONResponse(completion.model_dump())
    events = stream_events(executor, assistant.stream(question, history, body.model, filter_, k))
    first = await events.__anext__()
    if isinstance(first, BaseException):  # failed before anything was generated: a plain error response
        await events.aclose()
        if isinstance(first, RagError):
            status, error = rag_error_body(first)
            return JSONResponse(error, status)
        log.error("chat stream failed before its first event", exc_info=first)
        return JSONResponse(error_body(INTERNAL_MESSAGE, "server_error", "internal_error"), 500)
    return StreamingResponse(
        _sse(first, events, ignored), media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
