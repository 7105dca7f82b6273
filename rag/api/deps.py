"""FastAPI dependencies: the process's one Services container and its stream executor (set at startup)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from fastapi import Request

from rag.services import Services


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def get_executor(request: Request) -> ThreadPoolExecutor:
    executor: ThreadPoolExecutor = request.app.state.executor
    return executor
