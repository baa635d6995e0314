"""The page (``GET /``): placeholder until the form lands."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse


def install(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    async def index() -> HTMLResponse:
        return HTMLResponse("<!doctype html><title>kodo</title><h1>kodo</h1>")
