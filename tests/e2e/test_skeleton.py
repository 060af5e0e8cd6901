"""The walking skeleton: the real binary in a real terminal."""
import signal
import subprocess
import time


def test_help_and_version(tui_bin, sandbox):
    p = subprocess.run([tui_bin, "--help"], env=sandbox.env, capture_output=True, text=True)
    assert p.returncode == 0
    for word in ("login", "profiles", "sessions", "demo"):
        assert word in p.stdout
    v = subprocess.run([tui_bin, "--version"], env=sandbox.env, capture_output=True, text=True)
    assert v.returncode == 0 and v.stdout.strip()


def test_unknown_flag_is_usage_error(tui_bin, sandbox):
    p = subprocess.run([tui_bin, "status", "--no-such-flag"], env=sandbox.env, capture_output=True, text=True)
    assert p.returncode == 2


def test_wide_text_and_quit_restores_terminal(tui_bin, sandbox, tmux):
    sandbox.write_config("[sso-session Zürich-東京]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n")
    tmux.start([tui_bin, "--config", str(sandbox.config_path)], sandbox.env)
    tmux.wait_for("Zürich-東京 ")
    tmux.send("q")
    assert tmux.wait_exit() == 0
    assert tmux.stty_restored()


def test_ctrl_c_quits_and_restores(tui_bin, sandbox, tmux):
    sandbox.write_config("")
    tmux.start([tui_bin, "--config", str(sandbox.config_path)], sandbox.env)
    tmux.wait_for("First run")
    tmux.send("C-c")
    tmux.wait_exit()
    assert tmux.stty_restored()


def test_sigterm_restores_terminal(tui_bin, sandbox, tmux):
    sandbox.write_config("")
    tmux.start([tui_bin, "--config", str(sandbox.config_path)], sandbox.env)
    tmux.wait_for("First run")
    pid = tmux.pid()
    assert pid
    import os
    os.kill(pid, signal.SIGTERM)
    tmux.wait_exit()
    assert tmux.stty_restored()
