"""The live page's server: `create_app(data, years, out_dir, token, ...)` gives the FastAPI
application; `serve(...)` runs it with uvicorn (what `allocate serve` calls).

Requests are answered by the JSON contract of docs/live-api.md. The endpoints are coroutines
that check the request at once and hand the work (solving, writing files) to the thread pool
(starlette's `run_in_threadpool`: anyio's pool, 40 threads). A session's requests take turns on
its own held model (optimiser.live.sessions), so one session's solve never holds another's
back; at most `solvers` solves run at once (the cores: a solve is CPU work), the others wait
their turn in threads of the pool without taking a core."""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from optimiser.api import Run, load
from optimiser.dataset import Dataset
from optimiser.live.answer import Figures, answer, figures
from optimiser.live.engine import make_plan
from optimiser.live.levers import Invalid, Levers
from optimiser.live.security import Guard, is_loopback, new_token
from optimiser.live.sessions import Session, Sessions, Stale
from optimiser.live.store import Store
from optimiser.report.names import Names
from optimiser.report.run_files import data_warning, horizon_label
from optimiser.report.words import LANGS, Words

STATIC = Path(__file__).resolve().parent / "static"
SESSION = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MAX_SEQ = 2**53
log = logging.getLogger("optimiser.live")

WORDS = Words(
    "live server",
    {
        "json": {"zh": "请求内容的格式不对", "en": "the request is not a JSON object"},
        "session": {
            "zh": "会话编号应为8至64个字母、数字",
            "en": "a session id is 8 to 64 letters and digits",
        },
        "seq": {"zh": "请求序号应为非负整数", "en": "seq must be a whole number, 0 or more"},
        "kind": {"zh": "只能下载 xlsx 或 html", "en": "downloads are xlsx or html"},
        "internal": {
            "zh": "服务器内部错误，详情见服务器日志",
            "en": "internal error: see the server's log",
        },
        "preparing": {
            "zh": "正在求解基准方案（{title}，{span}）……",
            "en": "Solving the base plan ({title}, {span}) ...",
        },
        "serving": {
            "zh": "资金分配实时推演已启动：{link}\n在浏览器中打开此网址；按 {keys} 停止。",
            "en": "The live what-if page is served at {link}\nOpen it in a browser; {keys} stops.",
        },
        "open": {
            "zh": "本机以外的地址：每个请求都须带上访问令牌（已含在上面的网址中），请只告知参会人员。",
            "en": "Not only this computer: every request needs the access token (in the address "
            "above); give it to the meeting only.",
        },
        "stopped": {"zh": "已停止。", "en": "Stopped."},
        "placeholder": {
            "zh": "资金分配实时推演：页面文件尚未安装，接口可用（/api/levers）。",
            "en": "Live what-if: the page's files are not installed; the API answers "
            "(/api/levers).",
        },
    },
)


@dataclass
class Live:
    """The server's state: the dataset and its levers, the base plan, the sessions."""

    data: Dataset
    years: list[int]
    levers: Levers
    base: Run
    base_figures: Figures
    names: Names
    sessions: Sessions
    store: Store
    token: str
    lang: str
    solvers: threading.BoundedSemaphore
    # the run folders written for downloads, by lever values and language: one each
    written: dict = field(default_factory=dict)
    written_lock: threading.Lock = field(default_factory=threading.Lock)

    def say_lang(self, asked: object) -> str:
        return asked if isinstance(asked, str) and asked in LANGS else self.lang


def create_app(
    data: Dataset | str | Path,
    years: list[int] | tuple[int, ...],
    out_dir: str | Path,
    token: str | None = None,
    host: str = "127.0.0.1",
    max_sessions: int = 8,
    lang: str | None = None,
    spare: bool = False,
    solvers: int | None = None,
    plan_maker=None,
) -> FastAPI:
    """The application for `data` (a Dataset or its folder) planned over `years`, writing under
    `out_dir`. `token`: the access token (made if None; `app.state.token`). `host`: the address
    it will be bound to (not loopback: every request needs the token). `max_sessions`: sessions
    holding a model at once. `spare`: build one model ahead for the next new session.
    `solvers`: solves at once (default: the cores). `plan_maker(data, years)`: the held model
    (default optimiser.live.engine.make_plan)."""
    import os

    if not isinstance(data, Dataset):
        data = load(data)
    years = list(years)
    token = token or new_token()
    levers = Levers(data, years)
    maker = plan_maker or make_plan
    first = maker(data, years)  # its base is the base of every answer; the first session's model
    base = first.base
    if not hasattr(base, "explanation") or base.explanation is None:
        from optimiser.explain.collect import explain_run

        base.explanation = explain_run(base)  # now, before any answer is solved on its model
    live = Live(
        data=data,
        years=years,
        levers=levers,
        base=base,
        base_figures=figures(base),
        names=Names.from_dataset(data),
        sessions=Sessions(
            lambda: maker(data, years), max_plans=max_sessions, spare=spare, first=first
        ),
        store=Store(levers, Path(out_dir)),
        token=token,
        lang=lang or data.policy.dataset.lang,
        solvers=threading.BoundedSemaphore(solvers or max(1, os.cpu_count() or 1)),
    )
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(_app):
        yield
        live.sessions.close()

    app = FastAPI(
        title="allocate serve", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan
    )
    app.state.live = live
    app.state.token = token
    _routes(app, live)
    if STATIC.is_dir():
        from fastapi.staticfiles import StaticFiles

        app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(Guard, token=token, loopback=is_loopback(host), lang=live.lang)
    return app


# ---- the routes ------------------------------------------------------------------------------


def _routes(app: FastAPI, live: Live) -> None:
    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception):
        log.exception("request %s failed", request.url.path)
        lang = live.say_lang(request.query_params.get("lang"))
        return JSONResponse({"error": WORDS.say("internal", lang)}, status_code=500)

    @app.get("/", response_class=HTMLResponse)
    async def page(request: Request) -> HTMLResponse:
        return HTMLResponse(_page(live))

    @app.get("/api/levers")
    async def levers(request: Request):
        lang = live.say_lang(request.query_params.get("lang"))
        values = {}
        session_id = request.query_params.get("session")
        if session_id and SESSION.match(session_id):
            session = live.sessions.find(session_id)
            if session is not None:
                values = dict(session.levers)
        warning = data_warning(live.data)
        return {
            "dataset": live.data.name,
            "title": live.data.policy.dataset.title,
            "years": live.years,
            "lang": lang,
            "warning": (warning or {}).get(lang),
            "levers": live.levers.describe(lang, values),
            "words": {},
        }

    @app.post("/api/plan")
    async def plan(request: Request):
        return await _plan(live, request, reset=False)

    @app.post("/api/reset")
    async def reset(request: Request):
        return await _plan(live, request, reset=True)

    @app.post("/api/scenarios")
    async def save(request: Request):
        body, lang, refused = await _body(live, request)
        if refused is not None:
            return refused
        try:
            name = live.store.check_name(body.get("name"), lang)
            session = _session(live, body.get("session"), lang)
            asked = body.get("levers")
            changed = dict(session.levers) if asked is None else live.levers.check(asked, lang)
            variant = live.levers.variant(changed, lang)
        except Invalid as exc:
            return _invalid(exc)

        def work():
            with live.sessions.turn(session):
                run = _run_for(live, session, changed, variant)
                return live.store.save(name, changed, run, lang)

        try:
            folder = await run_in_threadpool(work)
        except Invalid as exc:
            return _invalid(exc)
        return {"saved": name, "folder": _shown_path(folder)}

    @app.get("/api/scenarios")
    async def scenarios(request: Request):
        lang = live.say_lang(request.query_params.get("lang"))
        found = await run_in_threadpool(live.store.listed, lang)
        return {"scenarios": found}

    @app.get("/api/compare")
    async def compare(request: Request):
        lang = live.say_lang(request.query_params.get("lang"))
        try:
            rows = await run_in_threadpool(
                live.store.compare, request.query_params.get("names"), live.base, lang
            )
        except Invalid as exc:
            return _invalid(exc)
        return {"rows": rows}

    @app.get("/api/download/{kind}")
    async def download(kind: str, request: Request):
        lang = live.say_lang(request.query_params.get("lang"))
        if kind not in ("xlsx", "html"):
            return JSONResponse({"errors": {"kind": WORDS.say("kind", lang)}}, status_code=404)
        try:
            session = _session(live, request.query_params.get("session"), lang)
        except Invalid as exc:
            return _invalid(exc)

        def work() -> Path:
            with live.sessions.turn(session):
                changed = dict(session.levers)
                key = (tuple(sorted((k, repr(v)) for k, v in changed.items())), lang)
                with live.written_lock:
                    folder = live.written.get(key)
                if folder is None or not Path(folder).is_dir():
                    variant = live.levers.variant(changed, lang)
                    run = _run_for(live, session, changed, variant)
                    folder = live.store.write_plan(run, changed, lang)
                    with live.written_lock:
                        live.written[key] = folder
                return Path(folder)

        folder = await run_in_threadpool(work)
        file = folder / ("allocation.xlsx" if kind == "xlsx" else "report.html")
        name = f"{live.data.name}-{horizon_label(tuple(live.years))}.{kind}"
        media = (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            if kind == "xlsx"
            else "text/html; charset=utf-8"
        )
        return FileResponse(file, media_type=media, filename=name)


async def _plan(live: Live, request: Request, reset: bool):
    began = time.perf_counter()
    body, lang, refused = await _body(live, request)
    if refused is not None:
        return refused
    seq = body.get("seq")
    try:
        session = _session(live, body.get("session"), lang)
        if isinstance(seq, bool) or not isinstance(seq, int) or not 0 <= seq < MAX_SEQ:
            raise Invalid({"seq": WORDS.say("seq", lang)})
        changed = {} if reset else live.levers.check(body.get("levers", {}), lang)
        variant = live.levers.variant(changed, lang)
    except Invalid as exc:
        return _invalid(exc, seq if isinstance(seq, int) else None)

    def work() -> dict:
        with live.sessions.turn(session, seq):
            held = session.plan  # read once: another session may take it away meanwhile
            if not changed and held is not None:
                held.reset()
            run, now = _answered(live, session, changed, variant)
            plan = session.plan
            conflict = None
            if run.solution.status == "infeasible":
                from optimiser.live.conflict import diagnose

                with live.solvers:  # the conflict and the relaxation are solves too
                    conflict = diagnose(run, live.levers, changed, live.names, lang, plan)
            session.levers, session.planned = dict(changed), seq
            return answer(
                live.base_figures,
                now,
                run,
                live.names,
                lang,
                seq=seq,
                seconds=time.perf_counter() - began,
                conflict=conflict,
            )

    try:
        return await run_in_threadpool(work)
    except Stale:
        return JSONResponse({"seq": seq, "stale": True}, status_code=409)


def _run_for(live: Live, session: Session, changed: dict, variant: Dataset) -> Run:
    return _answered(live, session, changed, variant)[0]


def _answered(live: Live, session: Session, changed: dict, variant: Dataset) -> tuple[Run, Figures]:
    """The run of these lever values and its figures (in the session's turn): the last answer
    when it is of the same values, the base plan for none, else answered on the session's
    model; kept as the session's last answer."""
    last = session.last  # read once: another session's turn may take it away meanwhile
    if last is not None and last[0] == changed:
        return last[1], last[2]
    if not changed:
        run, now = live.base, live.base_figures
    else:
        plan = live.sessions.plan(session)
        with live.solvers:
            run = plan.answer(variant, explain=False)
        now = figures(run)
    session.last = (dict(changed), run, now)
    return run, now


async def _body(live: Live, request: Request) -> tuple[dict, str, JSONResponse | None]:
    import json

    lang = live.say_lang(request.query_params.get("lang"))
    try:
        body = json.loads(await request.body())
    except (ValueError, RecursionError):
        body = None
    if not isinstance(body, dict):
        return {}, lang, _invalid(Invalid({"_": WORDS.say("json", lang)}))
    return body, live.say_lang(body.get("lang", lang)), None


def _session(live: Live, session_id: object, lang: str) -> Session:
    if not isinstance(session_id, str) or not SESSION.match(session_id):
        raise Invalid({"session": WORDS.say("session", lang)})
    return live.sessions.get(session_id)


def _invalid(exc: Invalid, seq: int | None = None) -> JSONResponse:
    body: dict = {"errors": exc.errors}
    if seq is not None:
        body["seq"] = seq
    if exc.detail:
        body["detail"] = exc.detail
    return JSONResponse(body, status_code=422)


def _page(live: Live) -> str:
    """index.html with the token in its meta tag (a placeholder page without the page's files)."""
    import html

    index = STATIC / "index.html"
    token = html.escape(live.token, quote=True)
    if index.is_file():
        text = index.read_text(encoding="utf-8")
        return text.replace(
            '<meta name="live-token" content="">', f'<meta name="live-token" content="{token}">', 1
        )
    said = html.escape(WORDS.say("placeholder", live.lang))
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta name="live-token" content="{token}"><title>allocate serve</title></head>'
        f"<body><p>{said}</p></body></html>"
    )


def _shown_path(folder: Path) -> str:
    try:
        return str(Path(folder).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(folder)


# ---- running it ------------------------------------------------------------------------------


def free_port(host: str, start: int, tries: int = 20) -> int:
    """`start`, or the next port up that nothing listens on."""
    import socket

    for port in range(start, start + tries):
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host, port))
            except OSError:
                continue
            return port
    raise OSError(f"no free port from {start} to {start + tries - 1} on {host}")


def address(host: str, port: int, token: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    if host in ("0.0.0.0", "::"):
        import socket

        shown = socket.gethostname()
    link = f"http://{shown}:{port}/"
    return link if is_loopback(host) else f"{link}?token={token}"


def serve_command(data_dir, years, host, port, out_dir, max_sessions, lang, echo) -> None:
    """`allocate serve`: the base plan solved, the address printed, served until stopped."""
    from optimiser.report.words import span

    data = load(data_dir)
    said = lang or data.policy.dataset.lang
    echo(
        WORDS.say("preparing", said, title=data.policy.dataset.title, span=span(list(years), said))
    )
    app = create_app(
        data, years, out_dir, host=host, max_sessions=max_sessions, lang=lang, spare=True
    )
    port = free_port(host, port)
    echo(WORDS.say("serving", said, link=address(host, port, app.state.token), keys="Ctrl+C"))
    if not is_loopback(host):
        echo(WORDS.say("open", said))
    try:
        serve(app, host, port)
    finally:  # uvicorn has shut down gracefully; Ctrl-C or SIGTERM is raised again after this
        echo(WORDS.say("stopped", said))


def serve(app: FastAPI, host: str, port: int) -> None:
    """Run until Ctrl-C or SIGTERM (uvicorn's graceful shutdown: requests in progress finish,
    a scenario being saved is written whole or not at all)."""
    import uvicorn

    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=30
    )
    uvicorn.Server(config).run()
