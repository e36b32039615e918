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

import anyio
from fastapi import FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from purgesim.data import ARCHIVAL_DIR
from purgesim.experiments.backend import Backend
from purgesim.reports.html import CHARTS_JS, plotly_js
from purgesim.scenarios.scenario import ScenarioError
from purgesim.web.classroom import CODE_PATTERN, Answer, ClassError, Classroom
from purgesim.web.service import BusyError, RunRequest, RunService, meta

MAX_BODY_BYTES = 16_384
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")
"""Host headers the app answers by default: a page elsewhere that rebinds its own name to this
machine (DNS rebinding) sends its own name, and is refused."""
RUN_THREADS = 4
"""Threads that wait on runs. Runs never take the server's own thread pool, so the pages and
/api/health answer however many runs wait; beyond these, and the service's own queue, a run is
refused as busy."""
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


class BodyCap:
    """ASGI middleware capping request bodies by what arrives, not by what `Content-Length`
    says: a chunked body has none, so a header check alone lets any size through. Past the
    cap it answers 413 itself and tells the app the client has gone."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES):
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await too_large()(scope, receive, send)
            return
        received, answered = 0, False

        async def capped() -> Message:
            nonlocal received, answered
            if answered:
                return {"type": "http.disconnect"}
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                await too_large()(scope, receive, send)
                answered = True
                return {"type": "http.disconnect"}
            return message

        async def unless_answered(message: Message) -> None:
            if not answered:
                await send(message)

        await self.app(scope, capped, unless_answered)


class SecurityHeaders:
    """ASGI middleware adding SECURITY_HEADERS to every response, the middlewares' own
    refusals (host, size) included."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()
                         if k.lower().encode() not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers if scope["type"] == "http" else send)


def too_large() -> JSONResponse:
    """The 413 answer (BodyCap sends it inside SecurityHeaders, which adds the headers)."""
    return JSONResponse({"error": f"request body over {MAX_BODY_BYTES} bytes"},
                        status_code=413)


def create_app(workers: int = 2, max_in_flight: int = 2,
               hosts: tuple[str, ...] = LOCAL_HOSTS) -> FastAPI:
    """The app; `workers` processes run the seeds (0: run inline, as the unit tests do);
    `hosts` are the Host headers it answers."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        backend = None
        if workers > 0:  # spawned, not forked: the server has threads
            backend = Backend(workers, start_method="spawn")
            list(backend.map(warm_worker, {i: (i,) for i in range(workers)}))
        app.state.service = RunService(backend, max_in_flight=max_in_flight)
        app.state.classroom = Classroom()
        yield
        if backend is not None:
            backend.close()

    # no interactive API docs: their page loads scripts from a CDN, which the app's own CSP
    # blocks (and nothing should be fetched from outside); the schema stays at /api/openapi.json
    app = FastAPI(title="purgesim", lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json")
    runs = anyio.CapacityLimiter(RUN_THREADS)

    # outermost last: headers on everything, then the host check, then the body cap
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(BodyCap)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(hosts))
    app.add_middleware(SecurityHeaders)

    @app.exception_handler(UnicodeError)
    async def not_unicode(request: Request, exc: UnicodeError):
        return JSONResponse({"error": "the request holds text that is not valid Unicode (e.g. "
                                      "a lone surrogate escape)"}, status_code=422)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception):
        # Starlette answers a 500 from its outermost layer, outside SecurityHeaders
        return JSONResponse({"error": "internal error"}, status_code=500,
                            headers=SECURITY_HEADERS)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        errors = [{"field": _field(tuple(e.get("loc", ()))), "message": _message(e)}
                  for e in exc.errors()]
        summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return JSONResponse({"error": summary, "errors": errors}, status_code=422)

    @app.exception_handler(ScenarioError)
    async def incoherent(request: Request, exc: ScenarioError):
        return JSONResponse({"error": str(exc)}, status_code=422)

    @app.exception_handler(ClassError)
    async def no_class(request: Request, exc: ClassError):
        return JSONResponse({"error": str(exc)}, status_code=404)

    @app.exception_handler(BusyError)
    async def busy(request: Request, exc: BusyError):
        return JSONResponse({"error": "the app is busy with other runs; try again shortly"},
                            status_code=503, headers={"Retry-After": "5"})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code,
                            headers=exc.headers)  # 405 keeps its Allow

    @app.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse,
                   include_in_schema=False)
    async def index() -> HTMLResponse:
        return HTMLResponse((STATIC / "index.html").read_text(encoding="utf-8"))

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_bundle() -> FileResponse:
        return FileResponse(plotly_js(), media_type="text/javascript",
                            headers={"Cache-Control": "max-age=86400"})

    @app.get("/vendor/charts.js", include_in_schema=False)
    def chart_script() -> FileResponse:
        return FileResponse(CHARTS_JS, media_type="text/javascript")

    @app.get("/data/{name}", include_in_schema=False)
    def archival_file(name: Literal["series.csv", "sources.csv"]) -> FileResponse:
        """The project's archival data as shipped: every figure, and every source it cites."""
        return FileResponse(ARCHIVAL_DIR / name, media_type="text/csv; charset=utf-8")

    @app.api_route("/api/health", methods=["GET", "HEAD"])
    async def health() -> dict:
        return {"ok": True}

    @app.get("/api/meta")
    async def get_meta(lang: Literal["en", "ru"] = Query("en")) -> dict:
        """Controls, texts, archival overlays and caps, in one language."""
        return meta(lang)

    @app.post("/api/run")
    async def run(req: RunRequest, request: Request) -> dict:
        """Run `seeds` seeds of a scenario with levers, hypothesis and decisions applied
        (on the app's own run threads, never the server's)."""
        if runs.borrowed_tokens >= runs.total_tokens:
            raise BusyError("every run thread is waiting")
        return await anyio.to_thread.run_sync(request.app.state.service.run, req,
                                              limiter=runs)

    code_param = PathParam(pattern=CODE_PATTERN, description="A class session's code.")

    @app.post("/api/class")
    async def open_class(request: Request) -> dict:
        """Open a class session (on this machine, in memory): its code for the students."""
        return {"code": request.app.state.classroom.open()}

    @app.post("/api/class/{code}")
    async def answer_class(answer: Answer, request: Request, code: str = code_param) -> dict:
        """Pool one student's finished game under the session's code."""
        return {"students": request.app.state.classroom.answer(code, answer)}

    @app.get("/api/class/{code}")
    async def class_results(request: Request, code: str = code_param) -> dict:
        """How the class chose: counts per option and the class's most chosen path."""
        return request.app.state.classroom.pooled(code)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def warm_worker(_: int) -> bool:
    """Import the model once in each worker process, before a visitor waits for it."""
    import purgesim.model.engine  # noqa: F401

    return True


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 2,
          allow: tuple[str, ...] = ()) -> None:
    """Start the app with uvicorn (blocking); it answers its local names, `host` (unless a
    wildcard address) and the names in `allow`."""
    import uvicorn

    bound = () if host in (*LOCAL_HOSTS, "0.0.0.0", "::") else (host,)
    hosts = (*LOCAL_HOSTS, *bound, *allow)
    uvicorn.run(create_app(workers=workers, hosts=hosts), host=host, port=port,
                log_level="warning")
