"""An OpenLink Virtuoso server for tests, started on free loopback ports in a folder of its own
(Debian's ``virtuoso-opensource`` package: ``virtuoso-t`` and ``isql-vt``). newsgraph talks to it through
graphbuild/virtuoso.py (``store_kind = "virtuoso"``); the plain RemoteStore does not work against it
(docs/virtuoso-notes.md)."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from graphbuild.stores.remote import Endpoints
from tests.backends import stop_process
from tests.conftest import free_port

INI = """\
[Database]
DatabaseFile       = {folder}/virtuoso.db
ErrorLogFile       = {folder}/virtuoso.log
LockFile           = {folder}/virtuoso.lck
TransactionFile    = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {folder}/virtuoso-temp.db
TransactionFile    = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort         = 127.0.0.1:{sql_port}
DisableUnixSocket  = 1
CheckpointInterval = 60
CaseMode           = 2
DirsAllowed        = ., {folder}
NumberOfBuffers    = 10000
MaxDirtyBuffers    = 6000

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerThreads        = 10
MaxClientConnections = 10
Charset              = UTF-8

[SPARQL]
ResultSetMaxRows      = 100000
MaxQueryExecutionTime = 60
"""

# A new database's administrator is dba/dba; /sparql-auth and /sparql-graph-crud-auth take HTTP
# *digest* authentication only (HTTP basic, what an auth tuple gives httpx, is answered 401).
DBA = ("dba", "dba")


@dataclass(frozen=True)
class VirtuosoServer:
    endpoints: Endpoints  # the authenticated URLs (digest auth) unless anonymous_update was asked for
    auth: httpx.Auth | None
    base: str  # http://127.0.0.1:PORT
    sql_port: int


def virtuoso_binary() -> str:
    found = shutil.which("virtuoso-t")
    if not found:
        raise RuntimeError("virtuoso is not installed: apt-get install virtuoso-opensource")
    return found


def isql(sql_port: int, statement: str) -> None:
    """Run one SQL statement as dba through ``isql-vt``."""
    isql_bin = shutil.which("isql-vt") or "isql-vt"
    subprocess.run([isql_bin, f"127.0.0.1:{sql_port}", *DBA, f"exec={statement}"],
                   check=True, capture_output=True, timeout=30)


@contextmanager
def virtuoso_server(folder: Path, *, anonymous_update: bool = False, timeout: float = 60) -> Iterator[VirtuosoServer]:
    """Run ``virtuoso-t +foreground`` with a database in ``folder``.

    By default yields the authenticated endpoints (/sparql-auth, /sparql-graph-crud-auth) with
    ``httpx.DigestAuth('dba', 'dba')``. With ``anonymous_update`` the SPARQL_UPDATE role is granted
    to the anonymous SPARQL user and the open endpoints (/sparql, /sparql-graph-crud) are yielded
    with no auth: anyone who reaches the port can then write, so only on loopback in tests."""
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(folder=folder.resolve(), sql_port=sql_port, http_port=http_port), encoding="utf-8")
    proc = subprocess.Popen([virtuoso_binary(), "+foreground", "+configfile", str(ini)], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(f"{base}/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log = folder / "virtuoso.log"
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                raise RuntimeError(f"virtuoso did not start: {tail}")
            time.sleep(0.1)
        if anonymous_update:
            isql(sql_port, 'GRANT SPARQL_UPDATE TO "SPARQL";')
            endpoints = Endpoints(query=f"{base}/sparql", update=f"{base}/sparql",
                                  graph_store=f"{base}/sparql-graph-crud")
            yield VirtuosoServer(endpoints, None, base, sql_port)
        else:
            endpoints = Endpoints(query=f"{base}/sparql-auth", update=f"{base}/sparql-auth",
                                  graph_store=f"{base}/sparql-graph-crud-auth")
            yield VirtuosoServer(endpoints, httpx.DigestAuth(*DBA), base, sql_port)
    finally:
        stop_process(proc, timeout=30)  # SIGTERM: virtuoso checkpoints and exits
