"""Issue 13: faults end fast and truthfully, hostile input stays data.

Each test here failed before its fix. CLI tests run the real binary; TUI tests run it in tmux."""
import hashlib
import json
import os
import signal
import stat
import subprocess
import time

import pytest

SESSION_CONFIG = """\
[sso-session acme]
sso_start_url = https://acme.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access
"""


def cli(tui_bin, sandbox, *args, timeout=60, input=None, env=None):
    return subprocess.run([tui_bin, *args], env=env or sandbox.env, capture_output=True, text=True,
                          timeout=timeout, input=input)


def one_line(p):
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1, p.stderr
    return lines[0]


def setup(sandbox, emu, config=SESSION_CONFIG):
    sandbox.point_at(emu.url)
    sandbox.write_config(config)


def login(tui_bin, sandbox, session="acme"):
    p = cli(tui_bin, sandbox, "login", "--session", session, "--no-browser")
    assert p.returncode == 0, p.stderr
    return p


# --- #2: numbers from the environment are range-checked -------------------------------------

@pytest.mark.parametrize("value", ["inf", "1e17", "nan", "-1", "0", "abc", "1e400", "0x10"])
def test_bad_http_timeout_is_one_line_not_a_crash(tui_bin, sandbox, emulator_factory, value):
    emu = emulator_factory("--accounts", "2", "--auto-approve-after", "0")
    setup(sandbox, emu)
    login(tui_bin, sandbox)
    sandbox.env["AWS_SSO_TUI_HTTP_TIMEOUT"] = value
    p = cli(tui_bin, sandbox, "accounts")
    assert p.returncode == 1, (p.returncode, p.stderr)
    line = one_line(p)
    assert line.startswith("aws-sso-tui: AWS_SSO_TUI_HTTP_TIMEOUT="), line
    assert "from 0.1 to 3600" in line
    assert p.stdout == ""


def test_bad_deadline_is_one_line(tui_bin, sandbox):
    sandbox.write_config(SESSION_CONFIG)
    sandbox.env["AWS_SSO_TUI_DEADLINE"] = "inf"
    p = cli(tui_bin, sandbox, "accounts")
    assert p.returncode == 1
    assert one_line(p).startswith("aws-sso-tui: AWS_SSO_TUI_DEADLINE=inf: not a number")


def test_bad_timeout_in_the_tui_exits_before_the_screen(tui_bin, sandbox, tmux):
    sandbox.write_config(SESSION_CONFIG)
    env = dict(sandbox.env, AWS_SSO_TUI_HTTP_TIMEOUT="inf")
    tmux.start([tui_bin], env)
    assert tmux.wait_exit() == 1
    assert tmux.stty_restored()
    assert "AWS_SSO_TUI_HTTP_TIMEOUT=inf" in tmux.screen()
