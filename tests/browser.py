"""Headless Chromium for the browser tests: load a local page and report what a reader would meet.

The browser is Debian's `chromium` (installed by `.ci/run`), driven over the DevTools protocol on
`--remote-debugging-pipe`: NUL-terminated JSON messages on file descriptors 3 (to the browser) and
4 (from it). That needs only the standard library: no port, no websocket client, no downloaded
browser. A page report holds its console messages and uncaught exceptions, every request other
than the page itself, the DOM after load, the document's scroll width, and a full-page screenshot.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import struct
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ARTIFACTS = Path(__file__).parent / "artifacts"  # git-ignored; screenshots kept for a look
BINARIES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PHONE = 375  # CSS px: the narrowest common phone width
DESKTOP = 1280
TIMEOUT = 30.0  # seconds for the browser to start, and for each protocol command or page load

FLAGS = (
    "--headless",
    "--no-sandbox",  # CI and containers run as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-dev-shm-usage",  # containers give /dev/shm 64 MB
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--mute-audio",
    "--force-device-scale-factor=1",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # a page's stray request fails fast, offline
    "--remote-debugging-pipe",
)
ERROR_LEVELS = frozenset({"error", "assert"})


class BrowserError(RuntimeError):
    """Chromium is missing, died, timed out, or answered a command with an error."""


@dataclass(frozen=True)
class ConsoleMessage:
    """One console message, uncaught exception or browser log entry for the page."""

    level: str  # "error", "warning", "log", …
    text: str
    source: str  # "console-api", "exception", or the Log domain's source ("network", …)


@dataclass
class PageReport:
    """What loading one page produced."""

    url: str
    width: int
    console: list[ConsoleMessage] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # URLs fetched besides the page itself
    dom: str = ""
    scroll_width: int = 0
    screenshot: Path | None = None
    counts: dict[str, int] = field(default_factory=dict)  # CSS selector → matching elements
    values: dict[str, Any] = field(default_factory=dict)  # probe name → its JavaScript value

    @property
    def errors(self) -> list[ConsoleMessage]:
        """The console errors, failed assertions and uncaught exceptions."""
        return [m for m in self.console if m.level in ERROR_LEVELS]


def find_chromium() -> str:
    """The Chromium binary: $CHROMIUM if set, else the first of BINARIES on PATH."""
    override = os.environ.get("CHROMIUM")
    if override:
        if not shutil.which(override):
            raise BrowserError(f"$CHROMIUM is {override!r}, which is not an executable program.")
        return override
    found = next(filter(None, map(shutil.which, BINARIES)), None)
    if not found:
        raise BrowserError(
            "Chromium not found: none of " + ", ".join(BINARIES) + " is on PATH. The browser"
            " tests need it: apt-get install chromium (.ci/run installs it), or set $CHROMIUM."
        )
    return found


def png_size(path: Path) -> tuple[int, int]:
    """A PNG file's (width, height) from its IHDR chunk; BrowserError if it is not a PNG."""
    head = path.read_bytes()[:24]
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise BrowserError(f"{path} is not a PNG file")
    width, height = struct.unpack(">II", head[16:24])
    return width, height


class Chromium:
    """One headless Chromium process; `load` opens each page in a fresh tab."""

    def __init__(self, binary: str | None = None, timeout: float = TIMEOUT) -> None:
        """Start the browser (found with find_chromium unless `binary` is given)."""
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="syllabib-chromium-")
        self._events: list[dict[str, Any]] = []
        self._targets: dict[str, str] = {}  # session id → target id of each open tab
        self._buffer = b""
        self._next_id = 0
        self._process, self._to_browser, self._from_browser = _spawn(
            binary or find_chromium(), self._profile.name
        )
        self.version = self.send("Browser.getVersion")["product"]

    def load(
        self,
        page: Path,
        *,
        width: int = DESKTOP,
        height: int = 800,
        screenshot: Path | None = None,
        count: tuple[str, ...] = (),
        probes: Mapping[str, str] | None = None,
    ) -> PageReport:
        """Open `page` `width` px wide and report on it once loaded.

        `count` names CSS selectors to count; `probes` maps names to JavaScript expressions whose
        values the report keeps. Below 800 px the viewport is a phone's (mobile emulation).
        """
        url = page.resolve().as_uri()
        session = self._open_tab(width, height)
        report = PageReport(url=url, width=width)
        self.send("Page.navigate", {"url": url}, session)
        self._wait_for("Page.loadEventFired", session)
        self.evaluate("document.fonts.ready.then(() => true)", session)
        report.dom = self.evaluate("document.documentElement.outerHTML", session)
        report.scroll_width = self.evaluate("document.documentElement.scrollWidth", session)
        report.counts = {sel: self.evaluate(_count_js(sel), session) for sel in count}
        report.values = {name: self.evaluate(js, session) for name, js in (probes or {}).items()}
        if screenshot is not None:
            report.screenshot = self._screenshot(session, width, screenshot)
        self._collect(report, session)
        self.send("Target.closeTarget", {"targetId": self._targets.pop(session)})
        return report

    def evaluate(self, expression: str, session: str) -> Any:
        """The value of a JavaScript expression in the tab (promises awaited)."""
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            session,
        )
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression!r} threw: {result['exceptionDetails']}")
        return result["result"].get("value")

    def send(self, method: str, params: dict[str, Any] | None = None,
             session: str | None = None) -> dict[str, Any]:
        """Send one protocol command and return its result, keeping events that come first."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._receive(f"the reply to {method}")
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self._events.append(reply)

    def close(self) -> None:
        """Ask the browser to quit, kill it if it does not, and remove its profile."""
        if self._process.poll() is None:
            try:
                self.send("Browser.close")
            except (BrowserError, OSError):
                pass
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        self._profile.cleanup()

    def _open_tab(self, width: int, height: int) -> str:
        """A new blank tab with console, log and network reporting on; its session id."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})
        session_id = session["sessionId"]
        self._targets[session_id] = target
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable", {}, session_id)
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 800},
            session_id,
        )
        return session_id

    def _screenshot(self, session: str, width: int, path: Path) -> Path:
        """A PNG of the whole page, `width` px wide, written to `path`."""
        height = self.evaluate("document.documentElement.scrollHeight", session)
        shot = self.send(
            "Page.captureScreenshot",
            {"format": "png", "captureBeyondViewport": True,
             "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}},
            session,
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def _collect(self, report: PageReport, session: str) -> None:
        """Move this tab's console messages and requests from the event queue into `report`."""
        mine = [e for e in self._events if e.get("sessionId") == session]
        self._events = [e for e in self._events if e.get("sessionId") != session]
        for event in mine:
            method, params = event.get("method", ""), event.get("params", {})
            if method == "Network.requestWillBeSent":
                target = params["request"]["url"]
                if target != report.url and not target.startswith(("data:", "about:")):
                    report.requests.append(target)
            elif message := _console_message(method, params):
                report.console.append(message)

    def _wait_for(self, method: str, session: str) -> None:
        """Read until the tab sends the event `method` (events already received count)."""
        while not any(e.get("method") == method and e.get("sessionId") == session
                      for e in self._events):
            self._events.append(self._receive(method))

    def _receive(self, waiting_for: str) -> dict[str, Any]:
        """The next message from the browser, or BrowserError after the timeout."""
        deadline = time.monotonic() + self.timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_browser], [], [], max(left, 0))
            if not ready:
                raise BrowserError(f"Chromium sent no {waiting_for} within {self.timeout:.0f} s")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise BrowserError(f"Chromium exited (code {self._process.poll()}) "
                                   f"while waiting for {waiting_for}")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)


def launch_or_fail() -> Chromium:
    """A running Chromium for a test fixture; a missing or broken browser fails the test."""
    import pytest

    try:
        return Chromium()
    except BrowserError as err:
        pytest.fail(str(err), pytrace=False)


@contextmanager
def chromium(timeout: float = TIMEOUT) -> Iterator[Chromium]:
    """A running headless Chromium, closed on exit."""
    browser = Chromium(timeout=timeout)
    try:
        yield browser
    finally:
        browser.close()


def _spawn(binary: str, profile: str) -> tuple[subprocess.Popen[bytes], int, int]:
    """Start Chromium with its protocol pipe on fds 3 and 4; the process and our two ends."""
    child_in, to_browser = os.pipe()
    from_browser, child_out = os.pipe()
    # Move the child's ends above 10 so that placing them on 3 and 4 cannot clobber each other.
    high_in, high_out = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (child_in, child_out))
    for fd in (child_in, child_out):
        os.close(fd)

    def wire() -> None:
        os.dup2(high_in, 3)
        os.dup2(high_out, 4)

    try:
        process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            close_fds=False, preexec_fn=wire,
        )
    finally:
        os.close(high_in)
        os.close(high_out)
    return process, to_browser, from_browser


def _count_js(selector: str) -> str:
    """JavaScript counting the elements that match a CSS selector."""
    return f"document.querySelectorAll({json.dumps(selector)}).length"


def _console_message(method: str, params: dict[str, Any]) -> ConsoleMessage | None:
    """A ConsoleMessage from a console, exception or log event; None for other events."""
    if method == "Runtime.consoleAPICalled":
        text = " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"])
        return ConsoleMessage(params["type"], text, "console-api")
    if method == "Runtime.exceptionThrown":
        details = params["exceptionDetails"]
        text = details.get("exception", {}).get("description") or details.get("text", "")
        return ConsoleMessage("error", text, "exception")
    if method == "Log.entryAdded":
        entry = params["entry"]
        return ConsoleMessage(entry["level"], entry["text"], entry.get("source", ""))
    return None
