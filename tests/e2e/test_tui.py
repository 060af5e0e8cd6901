"""The full-screen TUI: the real binary in tmux against the emulator, judged by the screen,
the config file and botocore. HOME is a temp dir; the endpoint overrides point at the emulator.
Every wait polls `capture-pane` (no fixed sleeps)."""
import json
import os
import re
import subprocess
import time

import pytest

from conftest import run_botocore

PRELUDE = """\
# my hand-written notes: keep me exactly
[default]
region = eu-central-1
output = json

[profile static]
aws_access_key_id = AKIAEXAMPLE
aws_secret_access_key = notasecretjustatest
region=us-west-2 ; no inline comments in botocore
"""

BOTOCORE_CREDS = """
import json, botocore.session
c = botocore.session.Session(profile={profile!r}).get_credentials().get_frozen_credentials()
print(json.dumps({{"ak": c.access_key}}))
"""


def tui_env(sandbox):
    env = dict(sandbox.env)
    env.setdefault("LANG", "C.UTF-8")
    env["ESCDELAY"] = "25"
    return env


def start(tmux, tui_bin, sandbox, width, height):
    return tmux.start([tui_bin], tui_env(sandbox), width=width, height=height)


def screen_code(tmux, emu, timeout=15.0):
    """The user code on the login screen; it must be one the emulator issued and still pending."""
    screen = tmux.wait_for(r"Code: \S+", timeout=timeout, regex=True)
    code = re.search(r"Code: (\S+)", screen).group(1)
    pending = [a["userCode"] for a in emu.authorizations() if a["status"] == "pending"]
    assert code in pending, (code, pending)
    return code, screen


def cli_login(tui_bin, sandbox, session="acme"):
    p = subprocess.run([tui_bin, "login", "--session", session, "--no-browser"], env=sandbox.env,
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime (fields 14, 15)


def test_first_run_login_browse_filter_save_profile_botocore(tui_bin, sandbox, tmux, emulator_factory):
    emu = emulator_factory("--accounts", "40")
    sandbox.point_at(emu.url)
    sandbox.write_config(PRELUDE)
    before = sandbox.config_path.read_bytes()
    start(tmux, tui_bin, sandbox, 80, 24)

    # First run: the sso-session form. A bare portal name is expanded.
    tmux.wait_for("First run")
    tmux.type("acme")
    tmux.send("Tab")
    tmux.type("acme")
    tmux.wait_for("Start URL will be https://acme.awsapps.com/start")
    tmux.send("Enter")
    tmux.wait_for("Saved sso-session acme")
    cfg = sandbox.config_path.read_bytes()
    assert cfg.startswith(before), "the existing text is untouched"
    added = cfg[len(before):].decode()
    assert "[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n" \
           "sso_registration_scopes = sso:account:access\n" in added, added
    after_session = cfg

    # Enter on the session starts the device login: the code the emulator issued is on screen,
    # with a URL containing it.
    tmux.send("Enter")
    code, screen = screen_code(tmux, emu)
    assert "user_code=" + code in screen
    assert "Expires in" in screen
    emu.approve(code)

    # Approval: back to the main screen, accounts load, focus on Accounts.
    org = emu.org()["accounts"]
    tmux.wait_for(f"Accounts ({len(org)})", timeout=20)
    zurich = next(a for a in org if a["accountName"] == "Zürich")

    # Filter: `/` + text, a unicode name included.
    tmux.send("/")
    tmux.type("Zür")
    screen = tmux.wait_for("1/40")
    assert "Zürich" in screen
    # Enter keeps the filter and opens that account's roles (focus moves to Roles).
    tmux.send("Enter")
    roles = sorted(zurich["roles"], key=str.lower)
    screen = tmux.wait_for("Roles · Zürich")
    tmux.wait_for(roles[0])
    if len(roles) > 1:
        tmux.send("Down")
        tmux.send("Up")
    # Enter on a role: the editor with a readable default name.
    tmux.send("Enter")
    role = roles[0]
    slug = re.sub(r"access$", "", role.lower()) or role.lower()
    screen = tmux.wait_for("New profile")
    assert f"zurich-{slug}" in screen, screen
    assert "Role-" not in screen and zurich["accountId"] in screen
    tmux.send("C-u")
    tmux.type("zh-admin")
    tmux.send("Enter")
    screen = tmux.wait_for("Saved profile zh-admin")
    assert "export AWS_PROFILE=zh-admin" in screen
    # The role now shows its profile name.
    tmux.wait_for("→ zh-admin")

    cfg = sandbox.config_path.read_bytes()
    assert cfg.startswith(after_session), "every byte outside the new section is unchanged"
    new_section = cfg[len(after_session):].decode()
    assert new_section.lstrip("\n") == (f"[profile zh-admin]\nsso_session = acme\nsso_account_id = {zurich['accountId']}\n"
                           f"sso_role_name = {role}\nregion = us-east-1\noutput = json\n"), new_section

    # botocore, same HOME and endpoints, gets role credentials for exactly that account and role.
    emu.clear_requests()
    creds = run_botocore(sandbox, BOTOCORE_CREDS.format(profile="zh-admin"))
    assert creds["ak"].startswith("ASIA")
    calls = [r for r in emu.requests() if r["operation"] == "GetRoleCredentials"]
    assert calls and calls[-1]["query"] == {"role_name": role, "account_id": zurich["accountId"]}

    # q quits and the terminal is restored.
    tmux.send("q")
    assert tmux.wait_exit() == 0
    assert tmux.stty_restored()


SESSION_CONFIG = PRELUDE + """
[sso-session acme]
sso_start_url = https://acme.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access

[profile old-name]
sso_session = acme
sso_account_id = {account}
sso_role_name = {role}
region = eu-west-1

[profile doomed]
sso_session = acme
sso_account_id = {account}
sso_role_name = {role}
"""


def test_wide_profiles_rename_delete_resize_and_expired_token(tui_bin, sandbox, tmux, emulator_factory):
    emu = emulator_factory("--accounts", "40", "--auto-approve-after", "2")
    sandbox.point_at(emu.url)
    org = emu.org()["accounts"]
    acct = org[0]
    sandbox.write_config(SESSION_CONFIG.format(account=acct["accountId"], role=acct["roles"][0]))
    cli_login(tui_bin, sandbox)
    start(tmux, tui_bin, sandbox, 200, 50)

    # Logged in already: accounts load on start, three panes side by side, emails shown.
    screen = tmux.wait_for(f"Accounts ({len(org)})", timeout=20)
    assert "Sessions" in screen and "Roles" in screen
    assert re.search(r"acme\s+● \d+m", screen) or "● 59m" in screen or "● 1h" in screen, screen

    # Profiles view: every profile, SSO or not.
    tmux.send("p")
    screen = tmux.wait_for("Profiles in")
    for name in ("default", "static", "old-name", "doomed"):
        assert name in screen
    assert "not SSO" in screen
    # Rename old-name -> new-name.
    tmux.send("/")
    tmux.type("old-name")
    tmux.send("Enter")   # applies the filter and opens the editor for it ...
    tmux.wait_for("Edit profile old-name")
    tmux.send("Escape")  # ... Esc goes back to the Profiles view
    tmux.wait_for("Profiles in")
    tmux.send("r")
    tmux.wait_for("Rename old-name to:")
    tmux.send("C-u")
    tmux.type("new-name")
    tmux.send("Enter")
    tmux.wait_for("Renamed profile old-name to new-name")
    text = sandbox.config_path.read_text()
    assert "[profile new-name]" in text and "[profile old-name]" not in text
    # Delete asks y/n.
    tmux.send("Escape")  # clear the filter
    tmux.send("/")
    tmux.type("doomed")
    tmux.send("Escape")
    tmux.wait_gone("/doomed")
    tmux.send("G")
    tmux.send("d")
    tmux.wait_for("Delete profile doomed")
    tmux.send("y")
    tmux.wait_for("Deleted profile doomed")
    text = sandbox.config_path.read_text()
    assert "doomed" not in text and "[profile new-name]" in text
    assert text.startswith(PRELUDE), "the hand-written part is untouched"
    # `*` makes the selected profile the default one.
    tmux.send("g")
    tmux.send("/")
    tmux.type("new-name")
    tmux.send("Enter")
    tmux.wait_for("Edit profile new-name")
    tmux.send("Escape")
    tmux.wait_for("Profiles in")
    tmux.send("*")
    tmux.wait_for("Make new-name the default profile?")   # asks first
    tmux.send("y")
    tmux.wait_for("default profile now uses the settings of new-name")
    import configparser
    cp = configparser.RawConfigParser()
    cp.read_string(sandbox.config_path.read_text())
    assert cp["default"]["sso_session"] == "acme" and cp["default"]["sso_account_id"] == acct["accountId"]
    tmux.send("Escape")
    tmux.send("Escape")
    tmux.wait_for(f"Accounts ({len(org)})")

    # Resize: narrower stacks the panes, very small says so, and back.
    tmux.resize(80, 24)
    tmux.wait_for(f"Accounts ({len(org)})")
    tmux.resize(50, 20)
    tmux.wait_for("Accounts (")
    tmux.resize(30, 8)
    tmux.wait_for("Window too small")
    tmux.resize(200, 50)
    tmux.wait_for("Sessions")
    tmux.wait_gone("Window too small")

    # The token expires server-side mid-browse: R leads to the login screen, then back.
    emu.expire_tokens()
    tmux.send("R")
    tmux.wait_for("no longer accepted", timeout=20)
    screen = tmux.wait_for("Code: ", timeout=20)
    tmux.wait_for(f"Accounts ({len(org)})", timeout=20)   # auto-approved: back to the accounts

    tmux.send("q")
    assert tmux.wait_exit() == 0
    assert tmux.stty_restored()


def test_login_screen_idle_cpu_and_cancel(tui_bin, sandbox, tmux, emulator_factory):
    emu = emulator_factory("--accounts", "5")
    sandbox.point_at(emu.url)
    sandbox.write_config(SESSION_CONFIG.format(account="111111111111", role="Admin"))
    start(tmux, tui_bin, sandbox, 200, 50)
    tmux.wait_for("logged out")
    tmux.send("Enter")
    code, screen = screen_code(tmux, emu)
    # Wide enough: a QR code is drawn (half blocks) next to the text.
    assert screen.count("▀") + screen.count("▄") > 50
    pid = tmux.pid()
    assert pid
    t0, c0 = time.monotonic(), cpu_ticks(pid)
    time.sleep(5)  # measuring CPU over an interval, not waiting for the UI
    t1, c1 = time.monotonic(), cpu_ticks(pid)
    hz = os.sysconf("SC_CLK_TCK")
    cpu = (c1 - c0) / hz / (t1 - t0)
    print(f"idle CPU on the login screen: {cpu * 100:.2f}% of one core")
    assert cpu < 0.02, f"{cpu * 100:.2f}% of one core"
    # The countdown is live.
    countdown = lambda: re.search(r"Expires in (\d+:\d\d)",
                                  tmux.wait_for(r"Expires in \d+:\d\d", regex=True)).group(1)
    s1 = countdown()
    deadline = time.monotonic() + 5
    while countdown() == s1 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert countdown() != s1
    # Esc cancels; denial shows in place with a retry.
    tmux.send("Escape")
    tmux.wait_for("logged out")
    tmux.send("Enter")
    code2, _ = screen_code(tmux, emu)
    assert code2 != code
    emu.deny(code2)
    tmux.wait_for("Login failed", timeout=20)
    tmux.send("r")
    tmux.wait_for("Code: ")
    tmux.send("C-c")
    assert tmux.wait_exit() == 0
    assert tmux.stty_restored()


def test_demo_runs_the_tui_against_the_emulator_and_cleans_up(tui_bin, emulator_bin, sandbox, tmux):
    # `demo` finds aws-sso-emulator next to its own executable.
    start_t = time.monotonic()
    tmux.start([tui_bin, "demo"], tui_env(sandbox), width=100, height=30)
    screen = tmux.wait_for("demo", timeout=20)
    m = re.search(r"(/\S*aws-sso-tui-demo-\S+/\.aws/config)", screen)
    assert m, screen
    demo_config = m.group(1)
    assert os.path.exists(demo_config)
    assert "sso_start_url" in open(demo_config).read()
    tmux.send("Enter")
    tmux.wait_for("Code: ")
    # The demo emulator approves by itself after a few seconds; its org has Zürich.
    tmux.wait_for("Accounts (40)", timeout=30)
    tmux.send("/")
    tmux.type("zur")
    tmux.wait_for("Zürich")
    tmux.send("Escape")
    tmux.send("q")
    assert tmux.wait_exit() == 0
    assert tmux.stty_restored()
    # The throw-away HOME is gone and the emulator stopped.
    assert not os.path.exists(os.path.dirname(os.path.dirname(demo_config)))
    demo_home = os.path.dirname(os.path.dirname(demo_config))
    out = subprocess.run(["pgrep", "-f", "aws-sso-emulator .*--ready-file " + re.escape(demo_home)],
                         capture_output=True, text=True).stdout.split()
    assert not out, out
    assert time.monotonic() - start_t < 60


def test_logout_from_sessions_pane(tui_bin, sandbox, tmux, emulator_factory):
    import hashlib
    emu = emulator_factory("--accounts", "5", "--auto-approve-after", "0")
    sandbox.point_at(emu.url)
    sandbox.write_config(SESSION_CONFIG.format(account="111111111111", role="Admin"))
    cli_login(tui_bin, sandbox)
    token = sandbox.cache_dir / (hashlib.sha1(b"acme").hexdigest() + ".json")
    assert token.exists()
    secrets = json.loads(token.read_text())
    log = sandbox.home / "tui.log"
    sandbox.env["AWS_SSO_TUI_LOG"] = str(log)
    start(tmux, tui_bin, sandbox, 100, 30)
    tmux.wait_for("Accounts (5)", timeout=20)
    tmux.send("BTab")            # focus back to Sessions
    tmux.wait_for("L log out")
    emu.clear_requests()
    tmux.send("L")
    tmux.wait_for("Log out of acme?")   # asks first
    tmux.send("y")
    tmux.wait_for("Logged out of acme")
    tmux.wait_for("logged out")
    assert not token.exists()
    assert "Logout" in [r["operation"] for r in emu.requests()]
    tmux.send("q")
    assert tmux.wait_exit() == 0
    # The log (AWS_SSO_TUI_LOG) has what happened and no secret.
    text = log.read_text()
    assert "list accounts acme" in text and "logout acme" in text and "listing acme finished: 5 accounts" in text
    for k in ("accessToken", "refreshToken", "clientSecret"):
        assert secrets[k] not in text


def test_login_network_error_shows_in_place_then_retry_works(tui_bin, sandbox, tmux, emulator_factory):
    emu = emulator_factory("--accounts", "5", "--auto-approve-after", "1")
    sandbox.point_at(emu.url)
    sandbox.write_config(SESSION_CONFIG.format(account="111111111111", role="Admin"))
    emu.set_failure("html500", ops=["StartDeviceAuthorization"])
    start(tmux, tui_bin, sandbox, 80, 24)
    tmux.wait_for("logged out")
    tmux.send("Enter")
    screen = tmux.wait_for("Login failed", timeout=30)
    assert "HTML" in screen or "500" in screen, screen
    emu.set_failure("none")
    tmux.send("r")
    tmux.wait_for("Code: ")
    tmux.wait_for("Accounts (5)", timeout=20)
    tmux.send("q")
    assert tmux.wait_exit() == 0
    assert tmux.stty_restored()
