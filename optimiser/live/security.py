"""Who may use the server, and how much they may send.

- An access token is made at start. Every request that changes state (POST) must carry it in
  the `X-Token` header: a page of another site can make a browser send a form, never a custom
  header, so no request can be forged across sites. A download, which writes a run folder, needs
  it too (`?token=`: a link cannot carry a header). The page has the token from the server
  (written into its `live-token` meta tag). Bound to another address than loopback, every
  request must carry it (`?token=` in the address the server prints, then `X-Token`), as a
  notebook server does; only the page's static files are served without.
- Bound to loopback, the Host header must name a loopback address: a page of another site whose
  name is made to resolve to 127.0.0.1 (DNS rebinding) is refused, so it cannot read the token
  from the page. A POST whose Origin is another site is refused too.
- A request body is read whole, up to `max_body` bytes (more: 413 before anything is done).
- Every answer says not to be framed, sniffed, cached or given a referrer (the token can be in
  the address)."""

from __future__ import annotations

import hmac
import ipaddress
import json
import secrets
from urllib.parse import parse_qs, urlsplit

from optimiser.report.words import Words

MAX_BODY = 64 * 1024
FREE = ("/static/",)  # the page's own files: nothing secret, and the browser cannot add a header
# GETs that write files (a run folder for a download): the token always, in the query if need be,
# so that no other site's page can make a browser fill the disk
WRITING = ("/api/download/",)
METHODS = {"GET", "HEAD", "POST"}
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'"
)

WORDS = Words(
    "live security",
    {
        "token": {
            "zh": "缺少访问令牌或令牌不对：请用服务启动时打印的网址打开本页",
            "en": "missing or wrong access token: open the page at the address the server printed",
        },
        "host": {
            "zh": "拒绝访问：请求的主机名不是本机地址",
            "en": "refused: the request names a host other than this computer",
        },
        "origin": {
            "zh": "拒绝访问：请求来自其他网站",
            "en": "refused: the request comes from another site",
        },
        "size": {
            "zh": "请求过大（上限 {limit} 字节）",
            "en": "request too large (at most {limit} bytes)",
        },
        "method": {"zh": "不支持此请求方法", "en": "method not allowed"},
    },
)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def same_token(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


class Guard:
    """ASGI middleware: the checks above, before the application sees a request."""

    def __init__(self, app, token: str, loopback: bool, lang: str = "zh", max_body: int = MAX_BODY):
        self.app = app
        self.token = token
        self.loopback = loopback
        self.lang = lang
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        lang = (query.get("lang") or [self.lang])[0]
        lang = lang if lang in ("zh", "en") else self.lang
        path, method = scope["path"], scope["method"]

        async def refuse(status: int, key: str, **fields) -> None:
            await _json(send, status, {"error": WORDS.say(key, lang, **fields)})

        if method not in METHODS:
            await refuse(405, "method")
            return
        if self.loopback and not is_loopback(_hostname(headers.get("host", ""))):
            await refuse(403, "host")
            return
        origin = headers.get("origin")
        if method == "POST" and origin and urlsplit(origin).netloc != headers.get("host", ""):
            await refuse(403, "origin")
            return
        free = path.startswith(FREE) or path == "/favicon.ico"
        given = headers.get("x-token") or (query.get("token") or [None])[0]
        if method == "POST":
            needed, shown = True, headers.get("x-token")  # a header: never from another site
        else:
            needed, shown = (not free and not self.loopback) or path.startswith(WRITING), given
        if needed and not same_token(shown, self.token):
            await refuse(401, "token")
            return
        size = headers.get("content-length")
        if size is not None and (not size.isdigit() or int(size) > self.max_body):
            await refuse(413, "size", limit=self.max_body)
            return
        body = b""
        if method == "POST":  # read whole, within the limit, then handed on
            more = True
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                body += message.get("body", b"")
                more = message.get("more_body", False)
                if len(body) > self.max_body:
                    await refuse(413, "size", limit=self.max_body)
                    return
        replayed = False

        async def replay():
            nonlocal replayed
            if method == "POST" and not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"content-security-policy", CSP.encode()),
                ]
                if not free:
                    extra.append((b"cache-control", b"no-store"))
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        await self.app(scope, replay, send_with_headers)


def _hostname(host: str) -> str:
    """The name of a Host header without its port: 127.0.0.1:8765 -> 127.0.0.1, [::1]:80 -> ::1."""
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


async def _json(send, status: int, payload: dict) -> None:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
                (b"x-content-type-options", b"nosniff"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
