"""The HTTP connection: uvicorn's httptools protocol, with a read timeout.

uvicorn closes a kept-alive connection that stays idle, but waits for ever on a request whose headers or
body stop arriving: 3,000 half-sent requests once held 3,000 connections for a minute. Here a request
must arrive whole (headers and body) within ``read_timeout`` seconds of its first byte, and a new
connection must bring its first request within as long; otherwise the client gets 408 Request Timeout
(when no answer has begun) and the connection is closed.
"""

from __future__ import annotations

import asyncio
from asyncio import TimerHandle
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from . import balance

_TIMEOUT_RESPONSE = (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
                     b"content-length: 61\r\nconnection: close\r\n\r\n"
                     b"the request did not arrive in time (read_timeout); try again\n")


class ReadTimeoutProtocol(HttpToolsProtocol):
    """HttpToolsProtocol that closes a connection whose request does not arrive whole in ``read_timeout``."""

    read_timeout = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._read_timer: TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()  # the first request must come within the timeout too

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm()  # from a request's first byte to its last

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        balance.closed()
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        if self.read_timeout > 0:
            self._read_timer = self.loop.call_later(self.read_timeout, self._expired)

    def _disarm(self) -> None:
        if self._read_timer is not None:
            self._read_timer.cancel()
            self._read_timer = None

    def _expired(self) -> None:
        self._read_timer = None
        if self.transport.is_closing():
            return
        if self.cycle is None or not self.cycle.response_started:
            self.transport.write(_TIMEOUT_RESPONSE)
        self.transport.close()


def protocol(read_timeout: float) -> type[ReadTimeoutProtocol]:
    """The protocol class for uvicorn's ``http`` setting, with this read timeout (0: none)."""
    return type("ReadTimeoutProtocol", (ReadTimeoutProtocol,), {"read_timeout": read_timeout})
