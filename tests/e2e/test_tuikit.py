"""End-to-end tests of the TUIKit example (`tuikit-example`) in a real terminal (tmux).

Keys are typed with `tmux send-keys`; the screen is read with `capture-pane`, polled until the
expected text appears or a deadline passes (no fixed sleeps for synchronisation). The pane is
conftest.py's `Tmux`, the same driver as every other e2e file.
Binary: $AWS_SSO_TUI_BIN_DIR/tuikit-example, else `swift build --show-bin-path`.
"""
import os
import re
import subprocess
import time
import unicodedata
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def tuikit_bin(bin_dir):
    p = bin_dir / "tuikit-example"
    if not p.exists():
        pytest.fail(f"{p} is not built; run `make build` first")
    return str(p)


def example_env(**extra):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/"),
           "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    env.update(extra)
    return env


def start(t, tuikit_bin, *args, width=100, height=30, **env):
    return t.start([tuikit_bin, *args], example_env(**env), width=width, height=height)


@pytest.fixture
def pane(tmux, tuikit_bin):
    return start(tmux, tuikit_bin)


def display_width(text):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)


def rows(screen):
    return screen.split("\n")


def selected_badge(screen):
    # The Items pane title carries "cursor/visible", e.g. "┏ Items ━━… 4/200 ┓".
    m = re.search(r"(\d+/\d+) ┓", rows(screen)[1])
    return m.group(1) if m else None


def test_keys_move_filter_resize_and_quit_restores_tty(pane):
    s = pane.wait_for("Loaded 200 items in the background")
    assert "item 001  Zürich" in s and "item 002  東京" in s
    # Mixed-width rows line up: the role column starts at the same screen column.
    lines = [l for l in rows(s) if "item 00" in l]
    cols = {display_width(l[: l.index("admin")]) for l in lines[:10]}
    assert len(cols) == 1, lines[:10]

    pane.send("Down", "Down", "Down")
    pane.wait_until(lambda s: selected_badge(s) == "4/200", "selection 4/200")
    pane.send("End")
    pane.wait_until(lambda s: selected_badge(s) == "200/200", "selection at end")
    pane.send("PPage")
    pane.wait_until(lambda s: selected_badge(s) != "200/200", "page up")
    pane.send("Home")
    pane.wait_until(lambda s: selected_badge(s) == "1/200", "home")
    pane.send("j")
    pane.wait_until(lambda s: selected_badge(s) == "2/200", "j moves down")

    # Filter: / then text; ranked matches; Esc clears.
    pane.send("/")
    pane.type("zur")
    s = pane.wait_for("20/200 items")
    item_rows = [l for l in rows(s) if "item " in l and "Selected" not in l]
    assert item_rows and all("Zürich" in l for l in item_rows), item_rows
    pane.send("Down")
    pane.wait_until(lambda s: selected_badge(s) == "2/20", "move within matches")
    pane.send("Escape")
    s = pane.wait_for("200/200 items")
    assert "Selected: item 011" in s     # the selection survives clearing the filter

    # The form: Enter opens it, Tab/type/Enter picks a region, Enter saves.
    pane.send("Enter")
    pane.wait_for("Edit profile")
    pane.send("C-u")
    pane.type("acme-dev")
    pane.send("Tab")
    pane.type("eu-c")
    pane.wait_for("eu-central-1")
    pane.send("Enter")
    pane.wait_until(lambda s: "▴" not in s, "picker closed")
    pane.send("Enter")
    pane.wait_for("Saved acme-dev (eu-central-1, json)")

    # Resize re-lays out: the bottom border and the help bar follow the new size.
    pane.resize(60, 15)
    s = pane.wait_until(lambda s: len(rows(s.rstrip("\n"))) == 15 and rows(s)[12].startswith("┗"), "relayout 60x15")
    assert all(len(l) <= 60 for l in rows(s))
    assert rows(s)[14].startswith("↑/k up")
    pane.resize(120, 40)
    s = pane.wait_until(lambda s: len(rows(s.rstrip("\n"))) == 40 and rows(s)[37].startswith("┗"), "relayout 120x40")
    assert rows(s)[1].rstrip().endswith("╮")
    assert len(rows(s)[1].rstrip()) == 120

    pane.send("q")
    assert pane.wait_exit() == 0
    assert pane.stty_restored()


def test_ctrl_c_quits_and_restores_tty(pane):
    pane.wait_for("Loaded 200 items")
    pane.send("/")
    pane.type("x")
    pane.wait_for("/x")
    pane.send("C-c")
    assert pane.wait_exit() == 0
    assert pane.stty_restored()


def test_sigterm_restores_tty(pane):
    pane.wait_for("Loaded 200 items")
    os.kill(pane.pid(), 15)
    assert pane.wait_exit() == 143
    assert pane.stty_restored()


def test_ctrl_z_suspends_and_fg_resumes(tmux, tuikit_bin, tmp_path):
    # Run under an interactive job-control shell so Ctrl-Z/fg work.
    p = tmux.start_shell({"TERM": "xterm-256color", "LANG": "C.UTF-8"}, width=80, height=24)
    before = tmp_path / "before"
    p.wait_until(lambda s: s.strip() != "", "shell prompt")
    p.type(f"stty -g > '{before}'; '{tuikit_bin}'; echo FIN")
    p.send("Enter")
    p.wait_for("Loaded 200 items")
    app = p.pid()
    assert app, "example process not found"
    p.send("C-z")
    p.wait_until(lambda s: "Stopped" in s or "stopped" in s, "job stopped")
    p.type("fg")
    p.send("Enter")
    p.wait_for("TUIKit example")
    # Ready when the program has put the tty back into raw mode.
    tty = p.tty()
    p.wait_until(lambda _: "-icanon" in subprocess.run(["stty", "-a", "-F", tty], capture_output=True,
                                                     text=True).stdout, "raw mode after fg")
    p.send("Down")
    p.wait_until(lambda s: selected_badge(s) == "2/200", "responsive after fg")
    p.send("q")
    p.wait_until(lambda _: not Path(f"/proc/{app}").exists(), "program exit")
    after = subprocess.run(["stty", "-g", "-F", tty], capture_output=True, text=True).stdout
    assert before.read_text() == after


def test_idle_cpu_is_near_zero(pane):
    """Measures CPU time used by the idle example over 3 seconds (a measurement window, not a sync wait)."""
    pane.wait_for("Loaded 200 items")
    pane.wait_until(lambda s: "Loaded 200 items" not in s, "toast expired", timeout=10)   # timers done
    pid = pane.pid()
    assert pid, "example process not found"
    tick = os.sysconf("SC_CLK_TCK")

    def cpu():
        f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) / tick

    c0, t0 = cpu(), time.monotonic()
    time.sleep(3)
    used, wall = cpu() - c0, time.monotonic() - t0
    print(f"idle CPU: {used:.3f}s over {wall:.1f}s = {100 * used / wall:.2f}%")
    assert used / wall < 0.01
    pane.send("q")
    assert pane.wait_exit() == 0


COLOUR_SGR = re.compile(r"\x1b\[[0-9;]*?(?:(?<=[\[;])(?:3[0-7]|4[0-7]|9[0-7]|10[0-7]|38;5;\d+|48;5;\d+))[;m]")


def test_no_color_means_no_colours(tmux_factory, tuikit_bin):
    coloured = start(tmux_factory(), tuikit_bin)
    plain = start(tmux_factory(), tuikit_bin, NO_COLOR="1")
    coloured.wait_for("Loaded 200 items")
    plain.wait_for("Loaded 200 items")
    assert COLOUR_SGR.search(coloured.screen_with_escapes()), "expected colours without NO_COLOR"
    s = plain.screen_with_escapes()
    assert not COLOUR_SGR.search(s), COLOUR_SGR.search(s).group(0)
    assert "\x1b[7m" in s or ";7m" in s     # the selection is still visible (reverse video)


def test_bracketed_paste_goes_into_the_filter(pane):
    pane.wait_for("Loaded 200 items")
    pane.send("/")
    pane.wait_until(lambda s: re.search(r"┃/ +200/200┃", s), "the filter line")
    # A newline inside a bracketed paste is text (it becomes a space in a one-line field); typed
    # as keys it would be Enter and open the form instead.
    pane.paste("東京\ndev", bracketed=True)   # bracketed, as the program asked
    pane.wait_for("/東京 dev")

    def filtered(s):
        # curses may be caught mid-repaint (filter line drawn, rows not yet): poll until the
        # whole frame is in, then check it.
        item_rows = [l for l in rows(s) if "item " in l and "Selected" not in l]
        return bool(item_rows) and all("東京" in l and "developer" in l for l in item_rows)
    s = pane.wait_until(filtered, "only the 東京 developer rows")
    assert "Edit profile" not in s
    pane.send("Escape")
    pane.wait_for("200/200 items")
    pane.send("q")
    assert pane.wait_exit() == 0


def test_unknown_term_fails_cleanly(tmux, tuikit_bin):
    p = start(tmux, tuikit_bin, TERM="no-such-terminal")
    assert p.wait_exit() == 1
    assert "no-such-terminal" in p.screen()
    assert p.stty_restored()


def test_countdown_ticks_every_second(tmux, tuikit_bin):
    p = start(tmux, tuikit_bin, "--countdown")
    p.wait_for("expires in 9:59")
    p.wait_for("expires in 9:58", timeout=3)
    p.wait_for("expires in 9:57", timeout=3)
    p.send("q")
    assert p.wait_exit() == 0
