"""A real headless browser (Debian's chromium) walks the site served by a real uvicorn server.

It opens the home page, searches for a person, opens her page, follows one of her statements to its
article and checks that the statement's span is highlighted there (a CSS :target rule, no JavaScript
on the site), then visits every other page type. Screenshots go to tests/artifacts/ (not committed).

The browser is driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``: fd 3 in,
fd 4 out, NUL-separated JSON, https://chromedevtools.github.io/devtools-protocol/), so nothing beyond
chromium itself is needed. ``make test`` installs chromium; without it this test is skipped.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.sparql_live import live_server
from tests.test_server_data import build_news_store

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
HIT = "rgb(255, 213, 74)"  # --hit in server/static/style.css
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         "--remote-debugging-pipe"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed (make test installs it)"),
]


def _high_fd(fd: int) -> int:
    high = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return high


class Browser:
    """One chromium page, driven over the DevTools protocol on a pipe."""

    def __init__(self, profile: Path) -> None:
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # the child's ends move above 9 first, so placing them on 3 and 4 cannot overwrite one with the other
        to_chrome_r, from_chrome_w = (_high_fd(to_chrome_r), _high_fd(from_chrome_w))

        def pipe_on_3_and_4() -> None:  # runs in the child, before subprocess closes all but pass_fds
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        self.process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"], preexec_fn=pipe_on_3_and_4,  # noqa: PLW1509
            pass_fds=(3, 4), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL if not os.environ.get("NEWSGRAPH_BROWSER_LOG") else None)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")
        # Every Content-Security-Policy violation of every page, for test_pages_keep_to_their_content_security_policy.
        self.send("Page.addScriptToEvaluateOnNewDocument", source="""window.cspViolations = [];
            document.addEventListener('securitypolicyviolation',
                e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));""")
        self.viewport(1280, 900)

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("chromium did not answer in time")
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(raw)  # type: ignore[no-any-return]

    def send(self, method: str, timeout: float = 20, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if self.session and not method.startswith("Target."):
            message["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})  # type: ignore[no-any-return]
            self.events.append(reply)

    def wait_for(self, event: str, timeout: float = 20) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            for i, seen in enumerate(self.events):
                if seen.get("method") == event:
                    return self.events.pop(i)
            self.events.append(self._read_message(deadline))

    def viewport(self, width: int, height: int, mobile: bool = False) -> None:
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                  mobile=mobile)

    def open(self, url: str) -> None:
        self.events.clear()
        self.send("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def js(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def click(self, selector: str, navigates: str | None = "Page.loadEventFired") -> None:
        """A real mouse click in the middle of the first element matching ``selector``."""
        box = self.js(f"""(() => {{ const e = document.querySelector({json.dumps(selector)});
            e.scrollIntoView({{block: 'center'}}); const r = e.getClientRects()[0];
            return [r.x + Math.min(r.width / 2, 8), r.y + r.height / 2]; }})()""")
        self.events.clear()
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)
        if navigates:
            self.wait_for(navigates)

    def type_and_submit(self, selector: str, text: str) -> None:
        self.click(selector, navigates=None)
        self.send("Input.insertText", text=text)
        self.events.clear()
        for kind in ("keyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter", windowsVirtualKeyCode=13,
                      **({"text": "\r"} if kind == "keyDown" else {}))
        self.wait_for("Page.loadEventFired")

    def screenshot(self, name: str) -> Path:
        data = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real uvicorn server over a store that create_app opens read-only itself."""
    folder = tmp_path_factory.mktemp("browser") / "store"
    build_news_store(folder).close()
    with live_server(folder) as live:
        yield live.root


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    driver = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield driver
    driver.close()


def test_search_a_person_follow_a_statement_to_its_highlighted_span(site: str, browser: Browser) -> None:
    browser.open(site + "/")
    assert browser.js("document.querySelector('h1').textContent") == "newsgraph"
    browser.screenshot("home")

    browser.type_and_submit("#home-search", "Rossana")
    assert browser.js("location.pathname + location.search") == "/search?q=Rossana"
    assert browser.js("document.querySelector('ol.results a').textContent") == "Rossana Cambron"
    browser.screenshot("search")

    browser.click("ol.results a")
    assert browser.js("location.pathname") == "/page/person/rossana-cambron"
    assert browser.js("document.querySelector('h1').textContent") == "Rossana Cambron"
    browser.screenshot("person")

    browser.click("ul.statements a.span-link")
    anchor = "statement-cambron-the-talks-were-useful"
    assert browser.js("location.pathname + location.hash") == (
        f"/page/article/2021-03-19-cambron-meets-song-tao#{anchor}")
    assert browser.js("document.querySelector(':target').id") == anchor
    marked = browser.js(f"""[...document.querySelectorAll('.s-{anchor}')].map(
        e => [e.textContent, getComputedStyle(e).backgroundColor])""")
    assert "".join(text for text, _ in marked) == "the talks were useful"
    assert {colour for _, colour in marked} == {HIT}
    other = browser.js("getComputedStyle(document.querySelector('.article-text a.mention')).backgroundColor")
    assert other != HIT  # only the chosen span is marked
    browser.screenshot("article-statement-highlighted")

    # choosing another fact in the panel moves the mark, without loading the page again
    browser.click(".fact-list a[href^='#event-']", navigates="Page.navigatedWithinDocument")
    event_anchor = browser.js("location.hash.slice(1)")
    assert browser.js(f"getComputedStyle(document.querySelector('.s-{event_anchor}')).backgroundColor") == HIT
    assert browser.js(f"getComputedStyle(document.querySelector('.s-{anchor}')).backgroundColor") != HIT


@pytest.mark.parametrize(("name", "path", "heading"), [
    ("organisation", "/page/organisation/communist-party-usa", "Communist Party USA"),
    ("event", "/page/event/2021-03-15-meeting-in-beijing", "Cambron meets Song Tao in Beijing"),
    ("statement", "/page/statement/cambron-the-talks-were-useful", "the talks were useful"),
    ("membership", "/page/membership/rossana-cambron-communist-party-usa-national-co-chair", None),
    ("role", "/page/role/national-co-chair", "national co-chair"),
    ("place", "/page/place/beijing", "Beijing"),
    ("article", "/page/article/2021-03-19-cambron-meets-song-tao", "Cambron meets Song Tao"),
    ("index", "/index/person", "People"),
    ("timeline", "/timeline?person=rossana-cambron", "Timeline of Rossana Cambron"),
    ("vocabulary", "/ns", "newsgraph vocabulary"),
    ("dataset", "/.well-known/void", "The dataset"),
])
def test_every_page_type_renders(site: str, browser: Browser, name: str, path: str, heading: str | None) -> None:
    browser.open(site + path)
    assert browser.js("document.readyState") == "complete"
    if heading is not None:
        assert browser.js("document.querySelector('h1').textContent.trim()") == heading
    # nothing overflows the page sideways
    assert browser.js("document.documentElement.scrollWidth <= window.innerWidth + 1")
    browser.screenshot(name)


def test_pages_fit_a_phone_and_print_without_navigation(site: str, browser: Browser) -> None:
    try:
        browser.viewport(390, 844, mobile=True)
        for name, path in (("person", "/page/person/rossana-cambron"),
                           ("article", "/page/article/2021-03-19-cambron-meets-song-tao")):
            browser.open(site + path)
            assert browser.js("document.documentElement.scrollWidth <= window.innerWidth + 1"), name
            browser.screenshot(f"phone-{name}")
        browser.send("Emulation.setEmulatedMedia", media="print")
        assert browser.js("getComputedStyle(document.querySelector('header.site nav')).display") == "none"
        browser.screenshot("print-article")
    finally:
        browser.send("Emulation.setEmulatedMedia", media="")
        browser.viewport(1280, 900)


@pytest.mark.parametrize("width", [1280, 700, 390])
def test_headers_and_dates_never_wrap_mid_word(site: str, browser: Browser, width: int) -> None:
    """Table headers and dates keep each word whole ("Place", not "Plac" / "e"; "2021-03-19", not "2021-" /
    "03-19"): each runs on one line."""
    try:
        browser.viewport(width, 900, mobile=width < 600)
        for path in ("/page/person/rossana-cambron", "/page/organisation/communist-party-usa",
                     "/page/place/beijing", "/timeline"):
            browser.open(site + path)
            # as on a page of real articles: long sources, sentences and names beside the short columns
            browser.js("""document.querySelectorAll('tbody td:last-child').forEach(
                td => td.append(' ' + 'a long source headline '.repeat(30)))""")
            broken = browser.js("""[...document.querySelectorAll('thead th, time')].filter(e => {
                const range = document.createRange(); range.selectNodeContents(e);
                const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
                return lines.size > 1; }).map(e => e.textContent)""")
            assert broken == [], (path, width, broken)
            assert browser.js("document.querySelectorAll('thead th, time').length") > 0, path
    finally:
        browser.viewport(1280, 900)


def _until(browser: Browser, expression: str, timeout: float = 20) -> Any:
    """The value of ``expression`` once it is truthy (the query editor runs queries in the background)."""
    deadline = time.monotonic() + timeout
    while True:
        value = browser.js(expression)
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


EDITOR = "document.querySelector('.CodeMirror').CodeMirror"


def test_a_query_with_a_mistake_is_corrected_in_place_in_the_query_editor(site: str, browser: Browser) -> None:
    """YASGUI from our own static files: the query that failed stays in the editor with its line marked, the
    corrected query runs there, its results page and sort, and the URL carries it to share."""
    from urllib.parse import quote

    wrong = "SELECT ?name WHERE {\n  ?person a schema:Person ;\n    foaf:name ?name .\n}"
    browser.open(f"{site}/sparql?query={quote(wrong)}")
    assert _until(browser, "window.newsgraphYasgui !== undefined"), "the editor did not load"
    assert "at line 3, column" in browser.js("document.querySelector('#query-error h2').textContent")
    assert browser.js(f"{EDITOR}.getValue()") == wrong  # kept as written
    marked = browser.js(f"[0, 1, 2, 3].filter(n => ({EDITOR}.lineInfo(n).bgClass || '').includes('query-error-line'))")
    assert marked == [2]  # the third line, where foaf: is undeclared
    # the editor's own check finds foaf: too, and takes the predeclared schema: as declared
    flagged = browser.js("[...document.querySelectorAll('.CodeMirror-gutter-elt .parseErrorIcon, "
                         ".CodeMirror-linenumber')].length") and browser.js(
        f"[0, 1, 2, 3].filter(n => ({EDITOR}.lineInfo(n).gutterMarkers || {{}}).gutterErrorBar)")
    assert flagged == [2], flagged
    assert browser.js("[...document.querySelectorAll('link[rel=stylesheet], script[src]')].every("
                      "e => (e.href || e.src).startsWith(location.origin))")  # no CDN
    browser.screenshot("sparql-error-kept")

    right = wrong.replace("foaf:name", "schema:name") + "\nORDER BY ?name"
    browser.js(f"{EDITOR}.setValue({json.dumps(right)})")
    browser.js("newsgraphYasgui.getTab().getYasqe().query()")
    rows = _until(browser, "[...document.querySelectorAll('.yasr table.dataTable tbody tr')].map(r => r.textContent)")
    assert any("Rossana Cambron" in row for row in rows) and len(rows) == 4, rows
    assert browser.js("decodeURIComponent(location.search)") == f"?query={right}"  # shareable
    assert browser.js("document.querySelectorAll('.query-error-line').length") == 0
    browser.click(".yasr table.dataTable thead th:nth-child(2)", navigates=None)  # sort by name
    assert _until(browser, "document.querySelector('.yasr table.dataTable thead th.sorting_asc, "
                           ".yasr table.dataTable thead th.sorting_desc') !== null")
    browser.screenshot("sparql-corrected")

    # completion from this dataset's vocabulary, with no request beyond this server
    browser.js(f"{EDITOR}.setValue('SELECT * WHERE {{ ?s schema:na')")
    browser.js(f"{EDITOR}.setCursor({{line: 0, ch: 100}})")
    browser.js("newsgraphYasgui.getTab().getYasqe().autocomplete()")
    hints = _until(browser, "[...document.querySelectorAll('.CodeMirror-hints li')].map(li => li.textContent)")
    assert "schema:name" in hints, hints


def test_cite_this_is_copied_and_a_table_downloads_as_csv(site: str, browser: Browser) -> None:
    """The README's reader: a statement's citation copied to the clipboard, a table fetched as CSV from its link."""
    origin = site.rstrip("/")
    browser.send("Browser.grantPermissions", permissions=["clipboardReadWrite", "clipboardSanitizedWrite"],
                 origin=origin)
    browser.open(f"{site}/page/statement/cambron-the-talks-were-useful")
    expected = browser.js("document.getElementById('cite-plain').textContent")
    assert expected.startswith("“the talks were useful”, Rossana Cambron (statement).")
    browser.click("button[data-copy='cite-plain']", navigates=None)
    assert _until(browser, "document.querySelector(\"button[data-copy='cite-plain']\").textContent === 'Copied'")
    assert browser.js("navigator.clipboard.readText()") == expected
    browser.screenshot("statement-cite")

    browser.open(f"{site}/page/person/rossana-cambron")
    href = browser.js("document.querySelector('p.exports a[type=\"text/csv\"]').getAttribute('href')")
    assert href == "/page/person/rossana-cambron/roles.csv"
    fetched = browser.js(f"fetch({json.dumps(href)}).then(r => Promise.all([r.headers.get('content-type'), r.text()]))")
    assert fetched[0].startswith("text/csv")
    header, first = fetched[1].splitlines()[:2]
    assert header.startswith("person,person_page,role,") and first.startswith("Rossana Cambron,/page/person/")


def test_the_timeline_suggests_names_as_they_are_typed(site: str, browser: Browser) -> None:
    browser.open(f"{site}/timeline")
    browser.click("input[name=person]", navigates=None)
    browser.send("Input.insertText", text="Ros")
    options = _until(browser, "[...document.querySelectorAll('#person-names option')].map(o => o.value)")
    assert options == ["Rossana Cambron"], options
    browser.js("document.querySelector('input[name=person]').value = 'Rossana Cambron'")
    browser.click("form.filters button[type=submit]")
    assert browser.js("document.querySelector('h1').textContent.trim()") == "Timeline of Rossana Cambron"


def test_an_entity_page_draws_its_network_and_its_timeline(site: str, browser: Browser) -> None:
    browser.open(f"{site}/page/person/rossana-cambron")
    assert _until(browser, "window.newsgraphNetwork !== undefined && window.newsgraphTimeline !== undefined")
    labels = browser.js("newsgraphNetwork.nodes().map(n => n.data('label')).sort()")
    assert {"Rossana Cambron", "Song Tao", "Communist Party USA"} <= set(labels), labels
    assert browser.js("newsgraphNetwork.edges(\"[kind = 'member']\").map(e => e.data('label'))") == ["national co-chair"]
    shown = _until(browser, "[...document.querySelectorAll('#visual-timeline .vis-item-content')].map(e => e.textContent)")
    assert "Cambron meets Song Tao in Beijing" in shown and "national co-chair (Communist Party USA)" in shown, shown
    assert browser.js("document.documentElement.scrollWidth <= window.innerWidth + 1")
    time.sleep(1)  # vis-timeline draws its items over a few animation frames
    browser.screenshot("person-drawings")
    browser.open(f"{site}/page/organisation/communist-party-usa")  # a few nodes, every date on one day
    assert _until(browser, "window.newsgraphNetwork !== undefined && window.newsgraphTimeline !== undefined")
    assert browser.js("newsgraphNetwork.zoom()") <= 1.4  # not blown up to fill the box, labels over each other
    days = browser.js("(() => { const w = newsgraphTimeline.getWindow(); return (w.end - w.start) / 86400000; })()")
    assert days >= 60, days  # a month either side of the day, not a window of milliseconds
    axis = _until(browser, "[...document.querySelectorAll('#visual-timeline .vis-time-axis .vis-text')]"
                           ".map(e => e.textContent).filter(t => t)")
    assert axis and not any(":" in label for label in axis), axis  # days and months, no hours
    time.sleep(1)  # vis-timeline draws its items over a few animation frames
    browser.screenshot("organisation-drawings")
    browser.open(f"{site}/page/person/mallory")  # a hostile name is drawn as text
    assert _until(browser, "window.newsgraphNetwork !== undefined || document.getElementById('network').hidden")
    assert browser.js("document.querySelectorAll('#network script, #visual-timeline script').length") == 0


def test_pages_keep_to_their_content_security_policy(site: str, browser: Browser) -> None:
    """Every script-driven page works under the policy (server/security.py) without one violation: the query
    editor running a query, the drawings, the suggestions. And the policy is in force: a script put in
    the page inline is refused."""
    query = "SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name }"
    pages = {"/sparql?query=" + query.replace(" ", "+"): "document.querySelectorAll('.yasr table tbody tr').length > 0",
             "/page/person/rossana-cambron": "window.newsgraphNetwork !== undefined",
             "/timeline": "document.readyState === 'complete'", "/": "document.readyState === 'complete'",
             "/page/article/2021-03-19-cambron-meets-song-tao": "document.readyState === 'complete'"}
    for path, ready in pages.items():
        browser.open(site + path)
        assert _until(browser, ready), path
        assert browser.js("window.cspViolations") == [], path
    browser.js("""(() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';
        document.body.appendChild(s); })()""")
    assert _until(browser, "window.cspViolations.length > 0") and browser.js("window.ran") is None
    assert browser.js("window.cspViolations")[0].startswith("script-src")
