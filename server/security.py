"""Headers every response carries, so that a browser keeps to what the site means:

- Content-Security-Policy: scripts, styles, images and fetches from this site only. No inline script (the
  pages have none: their scripts are files under /static, and the JSON they embed is data, which a browser
  does not run), no plug-ins, no <base> elsewhere, forms post here only, and no other site may frame a page.
  Inline styles stay allowed: the drawing and editor libraries set them. The reconciliation preview is made
  to be framed by OpenRefine, wherever it runs, and says so.
- X-Content-Type-Options: nosniff, so an answer is only ever read as the type it declares.
- Referrer-Policy: strict-origin-when-cross-origin, so a link out does not tell where on the site it was.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
           "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; ")
CONTENT_SECURITY_POLICY = _POLICY + "frame-ancestors 'none'"
FRAMED_POLICY = _POLICY + "frame-ancestors *"  # for what is made to be shown in a frame elsewhere
FRAMED_PATHS = ("/reconcile/preview",)
HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin"}


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = FRAMED_POLICY if scope["path"].startswith(FRAMED_PATHS) else CONTENT_SECURITY_POLICY

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", policy)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
