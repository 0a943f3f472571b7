"""Issue 11, a lean server: importing server.app, or creating the app with the write API off, loads none of
the build stages (spaCy, pyshacl, trafilatura, dateparser and the modules that use them), and the import
takes under a second. With a write token set, the app loads them in a thread started when it is created,
and POST /articles works (tests/test_server_writes.py covers the write API end to end, on a real server).

Each check runs in a fresh interpreter: this test process has long since imported everything.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD_STAGES = ("spacy", "thinc", "pyshacl", "trafilatura", "dateparser", "graphbuild.nlp", "graphbuild.pipeline",
                "graphbuild.extract", "graphbuild.reader", "graphbuild.validate")
IMPORT_BUDGET = 1.0  # seconds of wall time for `import server.app`; it took ~2.6 s with the build stages

# Run before the snippet: the names `loaded()` and `report(**values)` are what the snippets use.
PRELUDE = f"""
import json, sys, time
def loaded():
    return sorted(m for m in sys.modules if m in {BUILD_STAGES!r} or m.startswith(tuple(s + "." for s in {BUILD_STAGES!r})))
def report(**values):
    print(json.dumps(values))
"""


def _run(snippet: str) -> dict[str, Any]:
    """What ``snippet`` reports, run in a fresh interpreter in the repository."""
    done = subprocess.run([sys.executable, "-c", PRELUDE + snippet], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_importing_the_server_loads_no_build_stage() -> None:
    assert _run("import server.app\nreport(loaded=loaded())")["loaded"] == []


# CPU time, not wall time: the import is one thread's work, and a busy machine (the suite's own servers)
# would stretch the wall clock, not the cost. uvicorn, httpx and oxrdflib are imported only where used.
def test_importing_the_server_takes_under_a_second() -> None:
    result = _run("""
started = time.process_time()
import server.app
report(seconds=time.process_time() - started)
""")
    assert result["seconds"] < IMPORT_BUDGET, f"import server.app took {result['seconds']:.2f} s"


def test_an_app_with_the_write_api_off_loads_no_build_stage() -> None:
    result = _run("""
from graphbuild.settings import Settings
from server.app import create_app
create_app(Settings(store="memory:"))
report(loaded=loaded())
""")
    assert result["loaded"] == []


@pytest.mark.slow
def test_an_app_with_the_write_api_on_loads_the_stages_beside_start_up_and_takes_articles(tmp_path: Path) -> None:
    result = _run(f"""
from starlette.testclient import TestClient
from graphbuild.settings import Settings
from server.app import create_app
app = create_app(Settings(store={str(tmp_path / "store")!r}, write_token="secret"))
article = {{"headline": "Bakers meet in Corran", "datePublished": "2024-05-06", "author": "Lena Varga",
           "text": "Bakers met in Corran on Friday. Ines Duarte, president of the Bakers Union, opened the meeting."}}
with TestClient(app) as client:
    response = client.post("/articles", json=article, headers={{"Authorization": "Bearer secret"}})
report(after=loaded(), status=response.status_code, body=response.json())
""")
    assert "graphbuild.pipeline" in result["after"] and "pyshacl" in result["after"] and "spacy" in result["after"]
    assert result["status"] == 201, result["body"]
    assert result["body"]["outcome"] == "added" and result["body"]["id"] == "2024-05-06-bakers-meet-in-corran"
