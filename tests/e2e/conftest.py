"""Shared fixtures for the end-to-end tests.

- ``bin_dir`` / ``tui_bin`` / ``emulator_bin``: the built executables (``AWS_SSO_TUI_BIN_DIR`` or
  ``swift build --show-bin-path``).
- ``sandbox``: a throw-away HOME with a clean environment (no AWS_* variables leak in).
- ``tmux``: a private tmux server to run the real binary in a real terminal, with ``wait_for``
  polling ``capture-pane`` (no fixed sleeps) and the pane printed when a wait fails.
  ``tmux_factory`` makes more panes in one test. Every e2e file drives tmux through this class.
- ``emulator``: a started ``aws-sso-emulator`` (see emulator_util.py); ``emulator_factory`` starts
  more with options.
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time
import uuid

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))


def _bin_dir():
    d = os.environ.get("AWS_SSO_TUI_BIN_DIR")
    if d:
        return pathlib.Path(d)
    out = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.strip()
    return pathlib.Path(out)


@pytest.fixture(scope="session")
def bin_dir():
    return _bin_dir()


@pytest.fixture(scope="session")
def tui_bin(bin_dir):
    p = bin_dir / "aws-sso-tui"
    if not p.exists():
        pytest.fail(f"{p} is not built; run `make build` first")
    return str(p)


@pytest.fixture(scope="session")
def emulator_bin(bin_dir):
    p = bin_dir / "aws-sso-emulator"
    if not p.exists():
        pytest.fail(f"{p} is not built; run `make build` first")
    return str(p)


class Sandbox:
    """A temp HOME and the environment to run our binary, botocore and the emulator in."""

    def __init__(self, home: pathlib.Path):
        self.home = home
        self.aws = home / ".aws"
        self.config_path = self.aws / "config"
        self.cache_dir = self.aws / "sso" / "cache"
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("AWS_") and k not in ("BOTO_CONFIG",)}
        env["HOME"] = str(home)
        env["XDG_CACHE_HOME"] = str(home / ".cache")
        env["XDG_CONFIG_HOME"] = str(home / ".config")
        env["BROWSER"] = "true"  # a stub browser: opening never fails, never opens anything
        # No auto-login on the developer's terminal when a test expects exit 3; the auto-login
        # tests (test_daily.py) remove it.
        env["AWS_SSO_TUI_NO_LOGIN"] = "1"
        env["TERM"] = env.get("TERM", "xterm-256color") if env.get("TERM") not in (None, "", "dumb") else "xterm-256color"
        env.pop("AWS_SSO_TUI_BIN_DIR", None)
        self.env = env

    def write_config(self, text: str):
        self.aws.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.config_path.write_text(text)

    def stand_in_browser(self, tmp_path):
        """$BROWSER becomes a script that appends each URL it is given to a file; returns that file."""
        opened = tmp_path / "opened"
        br = tmp_path / "browser.sh"
        br.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{opened}'\n")
        br.chmod(0o755)
        self.env["BROWSER"] = str(br)
        return opened

    def point_at(self, emulator_url: str):
        """Set the standard endpoint overrides so our binary and botocore talk to the emulator."""
        self.env["AWS_ENDPOINT_URL_SSO"] = emulator_url
        self.env["AWS_ENDPOINT_URL_SSO_OIDC"] = emulator_url
        self.env["AWS_SSO_TUI_FEDERATION_ENDPOINT"] = emulator_url.rstrip("/") + "/federation"

    def botocore_session(self, profile=None):
        """A botocore session reading this sandbox's files (run in-process with patched env)."""
        import botocore.session
        saved = dict(os.environ)
        os.environ.clear()
        os.environ.update(self.env)
        try:
            s = botocore.session.Session(profile=profile)
            s.get_scoped_config() if profile else None
            return s
        finally:
            os.environ.clear()
            os.environ.update(saved)


@pytest.fixture
def sandbox(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    return Sandbox(home)


def run_botocore(sandbox, code: str, timeout=60):
    """Run a Python snippet using botocore in a subprocess with the sandbox's environment.
    The snippet prints JSON; returns the parsed value."""
    import json
    p = subprocess.run([sys.executable, "-c", code], env=sandbox.env, capture_output=True,
                       text=True, timeout=timeout)
    if p.returncode != 0:
        raise AssertionError(f"botocore snippet failed:\n{p.stderr}")
    return json.loads(p.stdout)


def settle(capture, first, holds, limit=1.0):
    """A frame is written to the pty in pieces, and capture-pane can land between two of them
    (the new title drawn, the rows below it still the old frame). From a capture `first` that
    satisfies `holds`, capture again until two captures 30 ms apart agree and still satisfy it;
    returns that capture, or None if the condition stopped holding. A screen that never stops
    changing (a countdown) is returned as last seen after `limit` s."""
    s = first
    end = time.monotonic() + limit
    while time.monotonic() < end:
        time.sleep(0.03)
        again = capture()
        if not holds(again):
            return None
        if again == s:
            return s
        s = again
    return s


class Tmux:
    """A private tmux server (its own socket) running one program in one pane."""

    def __init__(self, tmp_path):
        self.sock = f"asso-{uuid.uuid4().hex[:8]}"
        self.tmp = tmp_path
        self.started = False

    def _tmux(self, *args, check=True):
        return subprocess.run(["tmux", "-L", self.sock, *args], capture_output=True, text=True,
                              check=check)

    def start(self, argv, env, width=80, height=24, record_stty=True):
        """Start argv in a new session. The pane's shell records `stty -g` before and after."""
        self.before = self.tmp / "stty_before"
        self.after = self.tmp / "stty_after"
        self.rc_file = self.tmp / "rc"
        for f in (self.before, self.after, self.rc_file):
            if f.exists():
                f.unlink()
        envs = " ".join(f"{k}={_sh(v)}" for k, v in env.items())
        cmd = " ".join(_sh(a) for a in argv)
        script = (f"stty -g > {_sh(str(self.before))}; env -i {envs} {cmd}; echo $? > {_sh(str(self.rc_file))}; "
                  f"stty -g > {_sh(str(self.after))}; sleep 600")
        self._tmux("-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", str(width), "-y", str(height),
                   "bash", "--norc", "--noprofile", "-c", script)
        self._tmux("set-option", "-g", "status", "off", check=False)
        self.started = True
        return self

    def send(self, *keys, literal=False):
        args = ["send-keys", "-t", "t"]
        if literal:
            args.append("-l")
        self._tmux(*args, *keys)

    def type(self, text):
        self.send(text, literal=True)

    def screen(self):
        return self._tmux("capture-pane", "-p", "-t", "t", check=False).stdout

    def resize(self, width, height):
        self._tmux("resize-window", "-t", "t", "-x", str(width), "-y", str(height))

    def settled(self, first, holds, limit=1.0):
        return settle(self.screen, first, holds, limit)

    def wait_until(self, holds, what, timeout=15.0):
        """Poll the screen until `holds(screen)` is true on a whole frame; returns the screen.
        Fails printing the pane."""
        deadline = time.monotonic() + timeout
        s = ""
        while time.monotonic() < deadline:
            s = self.screen()
            if holds(s):
                whole = self.settled(s, holds)
                if whole is not None:
                    return whole
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}; screen was:\n{s}")

    def wait_for(self, pattern, timeout=15.0, regex=False):
        """Wait until `pattern` (text, or a regex) shows on a whole frame; returns the screen."""
        rx = re.compile(pattern) if regex else None
        holds = (lambda t: rx.search(t) is not None) if rx else (lambda t: pattern in t)
        return self.wait_until(holds, repr(pattern), timeout)

    def wait_gone(self, pattern, timeout=15.0):
        return self.wait_until(lambda t: pattern not in t, f"{pattern!r} to go", timeout)

    def wait_exit(self, timeout=10.0):
        """Wait for the program to exit; returns its exit code."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.rc_file.exists() and self.after.exists() and self.after.read_text().strip():
                return int(self.rc_file.read_text().strip() or "-1")
            time.sleep(0.05)
        raise AssertionError(f"program did not exit; screen was:\n{self.screen()}")

    def stty_restored(self):
        return self.before.read_text() == self.after.read_text()

    def pid(self):
        """PID of the program running in the pane (the child of the pane's bash)."""
        pane_pid = self._tmux("list-panes", "-t", "t", "-F", "#{pane_pid}").stdout.strip()
        out = subprocess.run(["pgrep", "-P", pane_pid], capture_output=True, text=True).stdout.split()
        return int(out[0]) if out else None

    def start_shell(self, env, width=80, height=24, shell="sh -i"):
        """Start an interactive shell in a new session (job control: Ctrl-Z and `fg` work), with
        `env` added to the environment; type commands into it with `type` and `send("Enter")`."""
        extra = [a for k, v in env.items() for a in ("-e", f"{k}={v}")]
        self._tmux("-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", str(width), "-y", str(height),
                   *extra, shell)
        self._tmux("set-option", "-g", "status", "off", check=False)
        self.started = True
        return self

    def screen_with_escapes(self):
        """The screen with its SGR escapes (colours, reverse video), as `capture-pane -e` gives it."""
        return self._tmux("capture-pane", "-e", "-p", "-t", "t", check=False).stdout

    def paste(self, text, bracketed=True):
        """Paste text as a terminal does; bracketed (`paste-buffer -p`) when the program asked for it."""
        self._tmux("set-buffer", "-b", "p", text)
        self._tmux("paste-buffer", *(["-p"] if bracketed else []), "-b", "p", "-t", "t")

    def tty(self):
        """The pane's terminal device (for `stty -F`)."""
        return self._tmux("display", "-p", "-t", "t", "#{pane_tty}").stdout.strip()

    def kill(self):
        if self.started:
            self._tmux("kill-server", check=False)
            self.started = False


def _sh(s):
    return "'" + str(s).replace("'", "'\\''") + "'"


@pytest.fixture
def tmux(tmp_path):
    if shutil.which("tmux") is None:
        pytest.fail("tmux is not installed; run `make deps`")
    t = Tmux(tmp_path)
    yield t
    t.kill()


@pytest.fixture
def tmux_factory(tmp_path):
    """More than one pane in a test: each call gives another Tmux (own server, own files)."""
    if shutil.which("tmux") is None:
        pytest.fail("tmux is not installed; run `make deps`")
    made = []

    def make():
        d = tmp_path / f"tmux-{len(made) + 1}"
        d.mkdir()
        made.append(Tmux(d))
        return made[-1]

    yield make
    for t in made:
        t.kill()


@pytest.fixture
def emulator_factory(emulator_bin):
    from emulator_util import Emulator
    started = []

    def start(*args, **kw):
        e = Emulator(emulator_bin, *args, **kw)
        e.__enter__()
        started.append(e)
        return e

    yield start
    for e in started:
        e.__exit__(None, None, None)


@pytest.fixture
def emulator(emulator_factory):
    return emulator_factory()
