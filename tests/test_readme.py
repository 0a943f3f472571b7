"""The README's commands, run exactly as written, in a fresh folder holding only examples/ and the venv.

One change is made to them: the server's port, 8000 in the README, becomes a free one (the README's URLs
follow it). Commands that need a remote store or a write token are left out; other tests cover those.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from tests.backends import stop_process, wait_until_answering
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    """Every command of the README's shell blocks, comments dropped, continued lines joined."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands, pending = [], ""
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            command = pending + line.split("  #", 1)[0].strip()
            if command.endswith("\\"):
                pending = command[:-1]
            elif command and not command.startswith("#"):
                commands.append(command)
                pending = ""
    return commands


def local(command: str) -> bool:
    """A command this test can run here: no remote store, no write token, not the set-up ones."""
    return not any(part in command for part in ("http://127.0.0.1:7878", "NEWSGRAPH_WRITE_TOKEN", "export NEWSGRAPH",
                                                "make "))


def run(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, (command, done.stderr[-2000:])
    return done


@pytest.mark.slow
def test_the_readme_commands_work_as_written(tmp_path: Path) -> None:
    """In the README's order; the examples after "Then, for example" run while the server is up. The server
    stops before the commands that write the store (a folder is opened by one writer or by readers)."""
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    port = str(free_port())
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSGRAPH_")}
    commands = [c.replace("8000", port) for c in readme_commands() if local(c)]
    examples = [c for c in commands if c.startswith("curl ")]
    commands = [c for c in commands if c not in examples]
    assert [shlex.split(c)[1] for c in commands[:4]] == ["extract", "build", "serve", "validate"], commands
    assert len(examples) == 2, examples
    server, log = None, (tmp_path / "server.log").open("wb")
    try:
        for command in commands:
            if shlex.split(command)[1] == "serve":
                server = subprocess.Popen(shlex.split(command), cwd=tmp_path, env=env, stdout=log, stderr=log)
                wait_until_answering(server, f"http://127.0.0.1:{port}/", "newsgraph serve", timeout=60)
                person = run(examples[0], tmp_path, env).stdout  # "Then, for example"
                assert "a schema:Person" in person and 'schema:name "Rossana Cambron"' in person, person
                counted = run(examples[1], tmp_path, env).stdout
                assert int(json.loads(counted)["results"]["bindings"][0]["n"]["value"]) > 1, counted
                walk_the_site(f"http://127.0.0.1:{port}", tmp_path)
                continue
            if server is not None and shlex.split(command)[1] in ("remove", "index"):
                stop_process(server)
                server = None
            run(command, tmp_path, env)
    finally:
        if server is not None:
            stop_process(server)
        log.close()
    assert (tmp_path / "dump.nq").stat().st_size > 0


@pytest.mark.slow
def test_a_store_built_under_its_own_base_iri_is_served_under_it_without_repeating_it(tmp_path: Path) -> None:
    """The README's serve command, with no --base-iri, on a store built with one: entity pages answer."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSGRAPH_")}
    newsgraph, store, port = str(ROOT / ".venv/bin/newsgraph"), str(tmp_path / "store"), str(free_port())
    run(f"{newsgraph} build {ROOT / 'examples'} --store {store} --base-iri https://news.example/", tmp_path, env)
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen([newsgraph, "serve", "--store", store, "--port", port], env=env, stdout=log, stderr=log)
    try:
        root = f"http://127.0.0.1:{port}"
        wait_until_answering(server, f"{root}/", "newsgraph serve", timeout=60)
        page = httpx.get(f"{root}/page/person/rossana-cambron", timeout=30)
        assert page.status_code == 200 and "https://news.example/id/person/rossana-cambron" in page.text
        listed = httpx.get(f"{root}/index/person", timeout=30)
        assert listed.status_code == 200 and "rossana-cambron" in listed.text
    finally:
        stop_process(server)
        log.close()


def walk_the_site(root: str, tmp_path: Path) -> None:
    """What the README's reader does next, in Chromium: the home page, the people, one person's page, her
    roles as CSV, and the query page with the README's count."""
    from tests.test_browser import Browser

    browser = Browser(tmp_path / "chromium-profile")
    try:
        browser.open(root + "/")
        assert browser.js("document.querySelector('h1').textContent") == "newsgraph"
        browser.click("header.site nav a[href='/index/person']")
        assert browser.js("location.pathname") == "/index/person"
        browser.click("ul.index a[href='/page/person/rossana-cambron']")
        assert browser.js("document.querySelector('h1').textContent.trim()") == "Rossana Cambron"
        assert browser.js("[...document.querySelectorAll('table.roles tbody tr')].length") >= 1
        csv = browser.js("fetch(document.querySelector('p.exports a[type=\\'text/csv\\']').href).then(r => r.text())")
        assert csv.splitlines()[0].startswith("person,person_page,role,")
        browser.screenshot("readme-person")
        browser.open(root + "/sparql?query=" + quote("SELECT (COUNT(*) AS ?n) WHERE { ?p a schema:Person }"))
        counted = browser.js("document.querySelector('section.results td').textContent")  # "8 xsd:integer"
        assert int(counted.split("xsd:")[0]) > 1, counted
    finally:
        browser.close()
