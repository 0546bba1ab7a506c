"""A small Chrome DevTools Protocol client for the browser tests.

Talks to headless Chromium over --remote-debugging-pipe (fd 3: commands in,
fd 4: replies and events out, each message JSON ended by a NUL byte), so it
needs neither a websocket library nor a network port: only Python's standard
library and Debian's `chromium`.
"""
import base64
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time

SKIP = 77  # ctest SKIP_RETURN_CODE


def find_chromium():
    """The Chromium binary, or None (the tests then skip)."""
    env = os.environ.get("CFPCHECK_CHROMIUM")
    if env:
        return env if shutil.which(env) or os.path.exists(env) else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        p = shutil.which(name)
        if p:
            return p
    return None


class CDPError(Exception):
    pass


class Browser:
    def __init__(self, binary, width=1200, height=900):
        self.tmp = tempfile.mkdtemp(prefix="cfp-chromium-")
        to_chrome_r, to_chrome_w = os.pipe()
        from_chrome_r, from_chrome_w = os.pipe()

        def child_fds():
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        args = [binary, "--headless", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
                "--user-data-dir=" + os.path.join(self.tmp, "profile"),
                "--window-size=%d,%d" % (width, height), "about:blank"]
        self.proc = subprocess.Popen(args, preexec_fn=child_fds, close_fds=False,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=open(os.path.join(self.tmp, "chromium.log"), "wb"))
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.w = to_chrome_w
        self.r = from_chrome_r
        self.next_id = 0
        self.lock = threading.Lock()
        self.cv = threading.Condition()
        self.replies = {}
        self.events = []
        self.closed = False
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        buf = b""
        while True:
            try:
                chunk = os.read(self.r, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self.cv:
                    self.closed = True
                    self.cv.notify_all()
                return
            buf += chunk
            while b"\0" in buf:
                msg, buf = buf.split(b"\0", 1)
                m = json.loads(msg.decode("utf-8"))
                with self.cv:
                    if "id" in m:
                        self.replies[m["id"]] = m
                    else:
                        self.events.append(m)
                    self.cv.notify_all()

    def send(self, method, params=None, session=None, timeout=30):
        with self.lock:
            self.next_id += 1
            i = self.next_id
        m = {"id": i, "method": method, "params": params or {}}
        if session:
            m["sessionId"] = session
        data = json.dumps(m).encode("utf-8") + b"\0"
        os.write(self.w, data)
        deadline = time.time() + timeout
        with self.cv:
            while i not in self.replies:
                if self.closed:
                    raise CDPError("chromium exited (log: %s)" % os.path.join(self.tmp, "chromium.log"))
                left = deadline - time.time()
                if left <= 0:
                    raise CDPError("timeout waiting for %s" % method)
                self.cv.wait(left)
            r = self.replies.pop(i)
        if "error" in r:
            raise CDPError("%s: %s" % (method, r["error"]))
        return r.get("result", {})

    def wait_event(self, method, session=None, timeout=30, since=0, pred=None):
        """The first event `method` (of `session`) at index >= since."""
        deadline = time.time() + timeout
        with self.cv:
            while True:
                for k in range(since, len(self.events)):
                    e = self.events[k]
                    if e.get("method") == method and (session is None or e.get("sessionId") == session) \
                            and (pred is None or pred(e.get("params", {}))):
                        return e
                if self.closed:
                    raise CDPError("chromium exited while waiting for " + method)
                left = deadline - time.time()
                if left <= 0:
                    raise CDPError("timeout waiting for event " + method)
                self.cv.wait(left)

    def new_page(self):
        t = self.send("Target.createTarget", {"url": "about:blank"})
        s = self.send("Target.attachToTarget", {"targetId": t["targetId"], "flatten": True})
        return Page(self, s["sessionId"])

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self.w, self.r):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.tmp, ignore_errors=True)


class Page:
    def __init__(self, browser, session):
        self.b = browser
        self.s = session
        self.first_event = len(browser.events)
        for d in ("Page.enable", "Runtime.enable", "Log.enable", "Network.enable"):
            self.send(d)

    def send(self, method, params=None, timeout=60):
        return self.b.send(method, params, self.s, timeout)

    def goto(self, url, timeout=30):
        mark = len(self.b.events)
        r = self.send("Page.navigate", {"url": url})
        if r.get("errorText"):
            raise CDPError("navigate %s: %s" % (url, r["errorText"]))
        self.b.wait_event("Page.loadEventFired", self.s, timeout, since=mark)

    def eval(self, expr, timeout=30):
        r = self.send("Runtime.evaluate", {"expression": expr, "returnByValue": True, "awaitPromise": True},
                      timeout=timeout)
        if "exceptionDetails" in r:
            d = r["exceptionDetails"]
            raise CDPError("page script failed: %s %s" % (d.get("text"), d.get("exception", {}).get("description", "")))
        return r["result"].get("value")

    def wait_for(self, expr, timeout=30, what=None):
        """Polls until `expr` is truthy in the page (write !!x for a DOM node: nodes come back as {})."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            v = self.eval(expr)
            if v:
                return v
            time.sleep(0.1)
        raise CDPError("timeout waiting for " + (what or expr))

    def screenshot(self, path, full=True):
        params = {"format": "png"}
        if full:
            m = self.send("Page.getLayoutMetrics")
            size = m.get("cssContentSize") or m["contentSize"]
            params["clip"] = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 12000), "scale": 1}
            params["captureBeyondViewport"] = True
        r = self.send("Page.captureScreenshot", params)
        with open(path, "wb") as f:
            f.write(base64.b64decode(r["data"]))

    def pdf(self, path):
        r = self.send("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True,
                                          "displayHeaderFooter": False}, timeout=120)
        with open(path, "wb") as f:
            f.write(base64.b64decode(r["data"]))

    def events(self):
        return [e for e in self.b.events[self.first_event:] if e.get("sessionId") == self.s]

    def console_errors(self):
        """Console errors, uncaught exceptions and browser log errors (CSP, failed loads)."""
        out = []
        for e in self.events():
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                out.append("exception: %s %s" % (d.get("text"), d.get("exception", {}).get("description", "")))
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append("console.%s: %s" % (p.get("type"), " ".join(str(a.get("value", a.get("description"))) for a in p.get("args", []))))
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                en = p["entry"]
                out.append("log (%s): %s %s" % (en.get("source"), en.get("text"), en.get("url", "")))
        return out

    def requests(self):
        return [e["params"]["request"]["url"] for e in self.events() if e.get("method") == "Network.requestWillBeSent"]

    def dialogs(self):
        return [e["params"] for e in self.events() if e.get("method") == "Page.javascriptDialogOpening"]
