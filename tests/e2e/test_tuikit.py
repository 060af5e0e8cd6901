"""End-to-end tests of the TUIKit example (`tuikit-example`) in a real terminal (tmux).

Keys are typed with `tmux send-keys`; the screen is read with `capture-pane`, polled until the
expected text appears or a deadline passes (no fixed sleeps for synchronisation).
Binary: $AWS_SSO_TUI_BIN_DIR/tuikit-example, else `swift build --show-bin-path`.
"""
import os
import re
import shutil
import subprocess
import tempfile
import time
import unicodedata
import uuid
from pathlib import Path

import pytest

from conftest import settle

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = float(os.environ.get("TUIKIT_E2E_TIMEOUT", "10"))


def bin_path() -> Path:
    d = os.environ.get("AWS_SSO_TUI_BIN_DIR")
    if not d:
        d = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.strip()
    p = Path(d) / "tuikit-example"
    if not p.exists():
        pytest.skip(f"{p} not built (swift build --product tuikit-example)")
    return p


class Pane:
    def __init__(self, width=100, height=30, args="", env=()):
        if not shutil.which("tmux"):
            pytest.skip("tmux not installed")
        self.sock = f"tuikit-e2e-{uuid.uuid4().hex[:8]}"
        self.dir = Path(tempfile.mkdtemp(prefix="tuikit-e2e-"))
        script = self.dir / "run.sh"
        # Record the tty settings before and after, then keep the pane open (cat waits on input).
        settings = {"TERM": "xterm-256color", "LANG": "C.UTF-8"}
        settings.update(e.split("=", 1) for e in env)
        exports = "".join(f"export {k}='{v}'\n" for k, v in settings.items())
        script.write_text(
            "#!/bin/sh\n"
            + exports +
            f"stty -g > '{self.dir}/before'\n"
            f"'{bin_path()}' {args}\n"
            f"echo \"EXIT=$?\" > '{self.dir}/exit'\n"
            f"stty -g > '{self.dir}/after'\n"
            "echo DONE\n"
            "exec cat\n")
        script.chmod(0o755)
        self.tmux("new-session", "-d", "-s", "t", "-x", str(width), "-y", str(height), str(script))

    def tmux(self, *args, check=True):
        return subprocess.run(["tmux", "-L", self.sock, "-f", "/dev/null", *args], capture_output=True,
                              text=True, check=check)

    def keys(self, *keys):
        self.tmux("send-keys", "-t", "t", *keys)

    def text(self, s):
        self.tmux("send-keys", "-t", "t", "-l", s)

    def screen_with_escapes(self) -> str:
        return self.tmux("capture-pane", "-e", "-p", "-t", "t").stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "t").stdout

    def wait_for(self, pred, what, timeout=DEADLINE):
        end = time.monotonic() + timeout
        while True:
            s = self.screen()
            if pred(s):
                whole = settle(self.screen, s, pred)   # not a capture between two pieces of a frame
                if whole is not None:
                    return whole
            if time.monotonic() > end:
                raise AssertionError(f"timed out waiting for {what}; screen:\n{s}")
            time.sleep(0.05)

    def wait_text(self, needle, timeout=DEADLINE):
        return self.wait_for(lambda s: needle in s, repr(needle), timeout)

    def app_pid(self) -> int:
        shell = int(self.tmux("list-panes", "-t", "t", "-F", "#{pane_pid}").stdout.split()[0])
        kids = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
        assert kids, "example process not found"
        return int(kids[0])

    def close(self):
        self.tmux("kill-server", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def pane():
    p = Pane()
    yield p
    p.close()


def display_width(text):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)


def rows(screen):
    return screen.split("\n")


def selected_badge(screen):
    # The Items pane title carries "cursor/visible", e.g. "┏ Items ━━… 4/200 ┓".
    m = re.search(r"(\d+/\d+) ┓", rows(screen)[1])
    return m.group(1) if m else None


def test_keys_move_filter_resize_and_quit_restores_tty(pane):
    s = pane.wait_text("Loaded 200 items in the background")
    assert "item 001  Zürich" in s and "item 002  東京" in s
    # Mixed-width rows line up: the role column starts at the same screen column.
    lines = [l for l in rows(s) if "item 00" in l]
    cols = {display_width(l[: l.index("admin")]) for l in lines[:10]}
    assert len(cols) == 1, lines[:10]

    pane.keys("Down", "Down", "Down")
    pane.wait_for(lambda s: selected_badge(s) == "4/200", "selection 4/200")
    pane.keys("End")
    pane.wait_for(lambda s: selected_badge(s) == "200/200", "selection at end")
    pane.keys("PPage")
    pane.wait_for(lambda s: selected_badge(s) != "200/200", "page up")
    pane.keys("Home")
    pane.wait_for(lambda s: selected_badge(s) == "1/200", "home")
    pane.keys("j")
    pane.wait_for(lambda s: selected_badge(s) == "2/200", "j moves down")

    # Filter: / then text; ranked matches; Esc clears.
    pane.keys("/")
    pane.text("zur")
    s = pane.wait_text("20/200 items")
    item_rows = [l for l in rows(s) if "item " in l and "Selected" not in l]
    assert item_rows and all("Zürich" in l for l in item_rows), item_rows
    pane.keys("Down")
    pane.wait_for(lambda s: selected_badge(s) == "2/20", "move within matches")
    pane.keys("Escape")
    s = pane.wait_text("200/200 items")
    assert "Selected: item 011" in s     # the selection survives clearing the filter

    # The form: Enter opens it, Tab/type/Enter picks a region, Enter saves.
    pane.keys("Enter")
    pane.wait_text("Edit profile")
    pane.keys("C-u")
    pane.text("acme-dev")
    pane.keys("Tab")
    pane.text("eu-c")
    pane.wait_text("eu-central-1")
    pane.keys("Enter")
    pane.wait_for(lambda s: "▴" not in s, "picker closed")
    pane.keys("Enter")
    pane.wait_text("Saved acme-dev (eu-central-1, json)")

    # Resize re-lays out: the bottom border and the help bar follow the new size.
    pane.tmux("resize-window", "-t", "t", "-x", "60", "-y", "15")
    s = pane.wait_for(lambda s: len(rows(s.rstrip("\n"))) == 15 and rows(s)[12].startswith("┗"), "relayout 60x15")
    assert all(len(l) <= 60 for l in rows(s))
    assert rows(s)[14].startswith("↑/k up")
    pane.tmux("resize-window", "-t", "t", "-x", "120", "-y", "40")
    s = pane.wait_for(lambda s: len(rows(s.rstrip("\n"))) == 40 and rows(s)[37].startswith("┗"), "relayout 120x40")
    assert rows(s)[1].rstrip().endswith("╮")
    assert len(rows(s)[1].rstrip()) == 120

    pane.keys("q")
    pane.wait_text("DONE")
    assert (pane.dir / "exit").read_text().strip() == "EXIT=0"
    assert (pane.dir / "before").read_text() == (pane.dir / "after").read_text()


def test_ctrl_c_quits_and_restores_tty(pane):
    pane.wait_text("Loaded 200 items")
    pane.keys("/")
    pane.text("x")
    pane.wait_text("/x")
    pane.keys("C-c")
    pane.wait_text("DONE")
    assert (pane.dir / "exit").read_text().strip() == "EXIT=0"
    assert (pane.dir / "before").read_text() == (pane.dir / "after").read_text()


def test_sigterm_restores_tty(pane):
    pane.wait_text("Loaded 200 items")
    os.kill(pane.app_pid(), 15)
    pane.wait_text("DONE")
    assert (pane.dir / "exit").read_text().strip() == "EXIT=143"
    assert (pane.dir / "before").read_text() == (pane.dir / "after").read_text()


def test_ctrl_z_suspends_and_fg_resumes():
    p = Pane()
    try:
        # Run under an interactive job-control shell so Ctrl-Z/fg work.
        p.tmux("kill-server", check=False)
        p.sock = f"tuikit-e2e-{uuid.uuid4().hex[:8]}"
        p.tmux("new-session", "-d", "-s", "t", "-x", "80", "-y", "24", "-e", "TERM=xterm-256color",
               "-e", "LANG=C.UTF-8", "sh -i")
        p.wait_for(lambda s: s.strip() != "", "shell prompt")
        p.text(f"stty -g > '{p.dir}/before'; '{bin_path()}'; stty -g > '{p.dir}/after'; echo FIN")
        p.keys("Enter")
        p.wait_text("Loaded 200 items")
        shell = int(p.tmux("list-panes", "-t", "t", "-F", "#{pane_pid}").stdout.split()[0])
        app = int(Path(f"/proc/{shell}/task/{shell}/children").read_text().split()[0])
        p.keys("C-z")
        p.wait_for(lambda s: "Stopped" in s or "stopped" in s, "job stopped")
        p.text("fg")
        p.keys("Enter")
        p.wait_text("TUIKit example")
        # Ready when the program has put the tty back into raw mode.
        tty = p.tmux("display", "-p", "-t", "t", "#{pane_tty}").stdout.strip()
        p.wait_for(lambda _: "-icanon" in subprocess.run(["stty", "-a", "-F", tty], capture_output=True,
                                                         text=True).stdout, "raw mode after fg")
        p.keys("Down")
        p.wait_for(lambda s: selected_badge(s) == "2/200", "responsive after fg")
        p.keys("q")
        p.wait_for(lambda _: not Path(f"/proc/{app}").exists(), "program exit")
        after = subprocess.run(["stty", "-g", "-F", tty], capture_output=True, text=True).stdout
        assert (p.dir / "before").read_text() == after
    finally:
        p.close()


def test_idle_cpu_is_near_zero(pane):
    """Measures CPU time used by the idle example over 3 seconds (a measurement window, not a sync wait)."""
    pane.wait_text("Loaded 200 items")
    pane.wait_for(lambda s: "Loaded 200 items" not in s, "toast expired", timeout=10)   # timers done
    pid = pane.app_pid()
    tick = os.sysconf("SC_CLK_TCK")

    def cpu():
        f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) / tick

    c0, t0 = cpu(), time.monotonic()
    time.sleep(3)
    used, wall = cpu() - c0, time.monotonic() - t0
    print(f"idle CPU: {used:.3f}s over {wall:.1f}s = {100 * used / wall:.2f}%")
    assert used / wall < 0.01
    pane.keys("q")
    pane.wait_text("DONE")


COLOUR_SGR = re.compile(r"\x1b\[[0-9;]*?(?:(?<=[\[;])(?:3[0-7]|4[0-7]|9[0-7]|10[0-7]|38;5;\d+|48;5;\d+))[;m]")


def test_no_color_means_no_colours():
    coloured = Pane()
    plain = Pane(env=["NO_COLOR=1"])
    try:
        coloured.wait_text("Loaded 200 items")
        plain.wait_text("Loaded 200 items")
        assert COLOUR_SGR.search(coloured.screen_with_escapes()), "expected colours without NO_COLOR"
        s = plain.screen_with_escapes()
        assert not COLOUR_SGR.search(s), COLOUR_SGR.search(s).group(0)
        assert "\x1b[7m" in s or ";7m" in s     # the selection is still visible (reverse video)
    finally:
        coloured.close()
        plain.close()


def test_bracketed_paste_goes_into_the_filter(pane):
    pane.wait_text("Loaded 200 items")
    pane.keys("/")
    pane.wait_for(lambda s: re.search(r"┃/ +200/200┃", s), "the filter line")
    # A newline inside a bracketed paste is text (it becomes a space in a one-line field); typed
    # as keys it would be Enter and open the form instead.
    pane.tmux("set-buffer", "-b", "p", "東京\ndev")
    pane.tmux("paste-buffer", "-p", "-b", "p", "-t", "t")   # -p: bracketed, as the program asked
    pane.wait_text("/東京 dev")

    def filtered(s):
        # curses may be caught mid-repaint (filter line drawn, rows not yet): poll until the
        # whole frame is in, then check it.
        item_rows = [l for l in rows(s) if "item " in l and "Selected" not in l]
        return bool(item_rows) and all("東京" in l and "developer" in l for l in item_rows)
    s = pane.wait_for(filtered, "only the 東京 developer rows")
    assert "Edit profile" not in s
    pane.keys("Escape")
    pane.wait_text("200/200 items")
    pane.keys("q")
    pane.wait_text("DONE")


def test_unknown_term_fails_cleanly():
    p = Pane(env=["TERM=no-such-terminal"])
    try:
        p.wait_text("DONE")
        assert (p.dir / "exit").read_text().strip() == "EXIT=1"
        assert "no-such-terminal" in p.screen()
        assert (p.dir / "before").read_text() == (p.dir / "after").read_text()
    finally:
        p.close()


def test_countdown_ticks_every_second():
    p = Pane(args="--countdown")
    try:
        p.wait_text("expires in 9:59")
        p.wait_text("expires in 9:58", timeout=3)
        p.wait_text("expires in 9:57", timeout=3)
        p.keys("q")
        p.wait_text("DONE")
    finally:
        p.close()
