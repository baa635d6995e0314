"""``kodo serve``'s application: the REST API (``/v1``), the page (``/``) and its assets.

``create_app()`` builds it; ``serve()`` runs it with uvicorn. uvicorn's own access log is
off: ``guard.Guard`` writes one line per request (method, path, status, duration), so no
query string, header or body is ever logged.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI
from fastapi.responses import Response

from kodo.shells.web import errors, openapi
from kodo.shells.web.api import router
from kodo.shells.web.guard import Guard


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kodo")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "0"


def create_app() -> FastAPI:
    app = FastAPI(
        title="kodo",
        version=_version(),
        description=(
            "Japan's Highly Skilled Professional (高度専門職) points, J-Skip and the "
            "permanent-residence fast track, as dated, cited rules. Every result names the "
            "rule book (content id) and the dates it used. Not legal advice."
        ),
        docs_url=None,  # the Swagger page loads scripts from a CDN: not served
        redoc_url=None,
    )
    errors.install(app)
    openapi.install(app)
    app.include_router(router)

    @app.get("/healthz", summary="Liveness: the server answers", include_in_schema=True)
    async def healthz() -> Response:
        return Response(b'{"status":"ok"}', media_type="application/json")

    from kodo.shells.web.page import install as install_page

    install_page(app)
    app.add_middleware(Guard)
    warm()
    return app


def warm() -> None:
    """Load the rule book, the catalogues and the templates, and evaluate the bundled example
    once, when a worker starts: the first person to ask does not wait for them."""
    from kodo.features.evaluate import evaluate
    from kodo.i18n import catalogue, languages
    from kodo.shells.web.openapi import example_applicant
    from kodo.shells.web.page import environment, page_html

    for name in ("index.html", "form.html", "results.html"):
        environment().get_template(name)
    for lang in languages():
        catalogue(lang)
        page_html(lang, {}, None)
    _ = evaluate(example_applicant()).data


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    uvicorn.run(
        "kodo.shells.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,
        log_level="info",
        server_header=False,
    )
