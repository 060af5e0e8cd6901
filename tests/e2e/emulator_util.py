"""Start and drive the aws-sso-emulator binary from Python tests, benchmarks and scripts.

    from emulator_util import Emulator
    with Emulator(None, "--accounts", "50", "--auto-approve-after", "0") as emu:
        emu.url            # "http://127.0.0.1:PORT"
        emu.requests()     # the request log (list of dicts)
        emu.approve(code)  # approve a device / PKCE user code (None: every pending one)

The first argument is the binary path (None: ``find_binary()``); the rest are command-line options.
Only the standard library is used.
"""
import json
import os
import pathlib
import select
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]


def find_binary():
    """`$AWS_SSO_TUI_BIN_DIR/aws-sso-emulator`, else `$(swift build --show-bin-path)/aws-sso-emulator`."""
    d = os.environ.get("AWS_SSO_TUI_BIN_DIR")
    if not d:
        d = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.strip()
    p = pathlib.Path(d) / "aws-sso-emulator"
    if not p.exists():
        raise FileNotFoundError(f"{p} is not built (swift build --product aws-sso-emulator)")
    return str(p)


class EmulatorError(Exception):
    pass


class Emulator:
    def __init__(self, binary=None, *args, env=None, startup_timeout=30.0):
        self.binary = binary or find_binary()
        self.args = [str(a) for a in args]
        self.env = env
        self.startup_timeout = startup_timeout
        self.proc = None
        self.url = None
        self.port = None
        self.stdout_lines = []
        self._stderr = None

    # -- lifecycle ---------------------------------------------------------------------------
    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def start(self):
        self._stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([self.binary, "--port", "0", *self.args], stdout=subprocess.PIPE,
                                     stderr=self._stderr, env=self.env)
        deadline = time.monotonic() + self.startup_timeout
        buf = b""
        while time.monotonic() < deadline:
            r, _, _ = select.select([self.proc.stdout], [], [], 0.1)
            if r:
                chunk = os.read(self.proc.stdout.fileno(), 4096)
                if not chunk:
                    break
                buf += chunk
                if b"\n" in buf:
                    break
            elif self.proc.poll() is not None:
                break
        line = buf.split(b"\n", 1)[0].decode()
        if not line.startswith("listening http://127.0.0.1:"):
            self.stop()
            raise EmulatorError(f"emulator did not start (first line {line!r}); stderr:\n{self.stderr()}")
        self.stdout_lines.append(line)
        self.url = line.split(" ", 1)[1].strip()
        self.port = int(self.url.rsplit(":", 1)[1])
        return self

    def stop(self, timeout=10.0):
        """SIGTERM, then wait; SIGKILL if it does not stop. Returns the exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdout and not self.proc.stdout.closed:
            rest = self.proc.stdout.read()
            if rest:
                self.stdout_lines.extend(rest.decode(errors="replace").splitlines())
            self.proc.stdout.close()
        return self.proc.returncode

    def stderr(self):
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        return self._stderr.read().decode(errors="replace")

    # -- HTTP helpers --------------------------------------------------------------------------
    def http(self, method, path, body=None, headers=None, timeout=10.0):
        """Raw request to the emulator. Returns (status, headers dict (lower-case), body bytes)."""
        data = body.encode() if isinstance(body, str) else body
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=headers or {})
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(req, timeout=timeout) as r:
                return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
        except urllib.error.HTTPError as e:
            return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()

    def _admin(self, method, path, body=None, ok=(200,)):
        status, _, data = self.http(method, "/_emulator/" + path, body=body,
                                    headers={"Content-Type": "application/json"} if body else None)
        if status not in ok:
            raise EmulatorError(f"{method} /_emulator/{path} -> {status}: {data[:500]!r}")
        return json.loads(data) if data else None

    def requests(self, operation=None):
        """Every request so far (admin calls excluded), oldest first."""
        q = "?operation=" + urllib.parse.quote(operation) if operation else ""
        return self._admin("GET", "requests" + q)

    def clear_requests(self):
        return self._admin("POST", "requests/clear")

    def approve(self, user_code=None):
        """Approve one user code (device or PKCE), or every pending authorization when None."""
        q = "?user_code=" + urllib.parse.quote(user_code) if user_code else ""
        return self._admin("POST", "approve" + q)

    def deny(self, user_code=None):
        q = "?user_code=" + urllib.parse.quote(user_code) if user_code else ""
        return self._admin("POST", "deny" + q)

    def authorizations(self):
        return self._admin("GET", "authorizations")

    def org(self):
        return self._admin("GET", "org")

    def set_org(self, org):
        return self._admin("POST", "org", body=json.dumps(org))

    def expire_tokens(self, refresh=False):
        return self._admin("POST", "expire-tokens" + ("?refresh=true" if refresh else ""))

    def set_failure(self, mode, ops=None):
        q = "?mode=" + urllib.parse.quote(mode)
        if ops:
            q += "&ops=" + urllib.parse.quote(",".join(ops))
        return self._admin("POST", "failure" + q)

    def advance_clock(self, seconds):
        """Move the emulator's clock forward (expiries, TTLs, intervals, throttle bucket), instead of sleeping."""
        return self._admin("POST", f"clock/advance?seconds={seconds}")

    def clock(self):
        return self._admin("GET", "clock")

    def wait_for_authorization(self, timeout=10.0, kind=None):
        """Wait until a pending authorization shows up; returns it (a dict with userCode)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for a in self.authorizations():
                if a["status"] == "pending" and (kind is None or a["kind"] == kind):
                    return a
            time.sleep(0.05)
        raise EmulatorError("no pending authorization appeared")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **kw):
        return None
