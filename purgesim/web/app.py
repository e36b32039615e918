"""The HTTP layer: a FastAPI app serving the API and a static single-page front end.

Why FastAPI and a light front end (rather than Solara or Panel): the API validates every request
with the same pydantic machinery as scenario files, so a bad request gets the same kind of
message; the front end is plain HTML and JavaScript with Plotly.js taken from the installed
``plotly`` package (no build step, no CDN, nothing fetched from outside); and both layers are
testable on their own — the API with an in-process client, the page with Playwright.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Literal

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from purgesim.experiments.backend import Backend
from purgesim.reports.html import CHARTS_JS, plotly_js
from purgesim.scenarios.scenario import ScenarioError
from purgesim.web.service import BusyError, RunRequest, RunService, meta

MAX_BODY_BYTES = 16_384
STATIC = Path(str(resources.files("purgesim.web").joinpath("static")))
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": ("default-src 'self'; style-src 'self' 'unsafe-inline'; "
                                "img-src 'self' data: blob:; connect-src 'self'"),
}


def _field(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query") and not isinstance(p, int)]
    return ".".join(parts) or "body"


def _message(error: dict) -> str:
    if error.get("type") == "json_invalid":
        return "the request body is not valid JSON"
    return str(error.get("msg", "")).removeprefix("Value error, ")


def create_app(workers: int = 2, max_in_flight: int = 2) -> FastAPI:
    """The app; `workers` processes run the seeds (0: run inline, as the unit tests do)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        backend = None
        if workers > 0:  # spawned, not forked: the server has threads
            backend = Backend(workers, start_method="spawn")
            list(backend.map(warm_worker, {i: (i,) for i in range(workers)}))
        app.state.service = RunService(backend, max_in_flight=max_in_flight)
        yield
        if backend is not None:
            backend.close()

    app = FastAPI(title="purgesim", lifespan=lifespan, docs_url="/api/docs",
                  redoc_url=None, openapi_url="/api/openapi.json")

    @app.middleware("http")
    async def guard(request: Request, call_next):
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return JSONResponse({"error": f"request body over {MAX_BODY_BYTES} bytes"},
                                status_code=413, headers=SECURITY_HEADERS)
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        errors = [{"field": _field(tuple(e.get("loc", ()))), "message": _message(e)}
                  for e in exc.errors()]
        summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return JSONResponse({"error": summary, "errors": errors}, status_code=422)

    @app.exception_handler(ScenarioError)
    async def incoherent(request: Request, exc: ScenarioError):
        return JSONResponse({"error": str(exc)}, status_code=422)

    @app.exception_handler(BusyError)
    async def busy(request: Request, exc: BusyError):
        return JSONResponse({"error": "the app is busy with other runs; try again shortly"},
                            status_code=503, headers={"Retry-After": "5"})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> HTMLResponse:
        return HTMLResponse((STATIC / "index.html").read_text(encoding="utf-8"))

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_bundle() -> FileResponse:
        return FileResponse(plotly_js(), media_type="text/javascript",
                            headers={"Cache-Control": "max-age=86400"})

    @app.get("/vendor/charts.js", include_in_schema=False)
    def chart_script() -> FileResponse:
        return FileResponse(CHARTS_JS, media_type="text/javascript")

    @app.get("/api/health")
    def health() -> dict:
        return {"ok": True}

    @app.get("/api/meta")
    def get_meta(lang: Literal["en", "ru"] = Query("en")) -> dict:
        """Controls, texts, archival overlays and caps, in one language."""
        return meta(lang)

    @app.post("/api/run")
    def run(req: RunRequest, request: Request) -> dict:
        """Run `seeds` seeds of a scenario with levers, hypothesis and decisions applied."""
        return request.app.state.service.run(req)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def warm_worker(_: int) -> bool:
    """Import the model once in each worker process, before a visitor waits for it."""
    import purgesim.model.engine  # noqa: F401

    return True


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 2) -> None:
    """Start the app with uvicorn (blocking)."""
    import uvicorn

    uvicorn.run(create_app(workers=workers), host=host, port=port, log_level="warning")
