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


# --- #6: a signal ends the TUI quietly with its code ----------------------------------------

@pytest.mark.parametrize("sig,code", [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)])
def test_signal_exit_is_quiet_with_the_code(tui_bin, sandbox, tmux, sig, code):
    sandbox.write_config(SESSION_CONFIG)
    tmux.start([tui_bin], sandbox.env)
    tmux.wait_for("Sessions")
    os.kill(tmux.pid(), sig)
    assert tmux.wait_exit() == code
    assert tmux.stty_restored()
    screen = tmux.screen()
    assert "ExitCode" not in screen and "aws-sso-tui:" not in screen, screen


# --- #3: strings from files and servers are escaped wherever printed -------------------------

OSC52 = "\x1b]52;c;aGFja2Vk\x07"


def test_hostile_session_name_in_the_login_hint_is_escaped_and_quoted(tui_bin, sandbox):
    name = f"evil{OSC52}x"
    sandbox.write_config(f"[sso-session {name}]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n")
    p = cli(tui_bin, sandbox, "accounts")
    assert p.returncode == 3, p.stderr
    line = one_line(p)
    assert "\x1b" not in p.stderr and "\x07" not in p.stderr
    # The hint is a command that pastes right: bash's $'...' quoting of the real name.
    assert "run: aws-sso-tui login --session $'evil\\x1b]52;c;aGFja2Vk\\x07x'" in line, line
    out = subprocess.run(["bash", "-c", "printf %s " + line.split("--session ", 1)[1]], capture_output=True, text=True)
    assert out.stdout == name


def test_session_name_with_a_space_is_shell_quoted(tui_bin, sandbox):
    sandbox.write_config("[sso-session 'my org']\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n")
    p = cli(tui_bin, sandbox, "accounts")
    assert p.returncode == 3
    assert one_line(p).endswith("run: aws-sso-tui login --session 'my org'"), p.stderr


HOSTILE_ORG = {"accounts": [
    {"accountId": "111111111111", "accountName": "bidi\u202egnp.exe", "emailAddress": "z\u200bw@x.example",
     "roles": ["Admin\u2066Access"]},
    {"accountId": "222222222222", "accountName": f"osc{OSC52}", "roles": ["ReadOnly"]},
]}


def test_accounts_and_roles_text_escape_bidi_zero_width_and_controls(tui_bin, sandbox, emulator_factory):
    emu = emulator_factory("--accounts", "2", "--auto-approve-after", "0")
    emu.set_org(HOSTILE_ORG)
    setup(sandbox, emu)
    login(tui_bin, sandbox)
    for cmd in (["accounts"], ["roles"]):
        p = cli(tui_bin, sandbox, *cmd)
        assert p.returncode == 0, p.stderr
        for bad in ("\u202e", "\u200b", "\u2066", "\x1b", "\x07"):
            assert bad not in p.stdout, (cmd, repr(p.stdout))
        assert "bidi\\u{202e}gnp.exe" in p.stdout
        assert "osc\\x1b]52;c;aGFja2Vk\\x07" in p.stdout
    assert "z\\u{200b}w@x.example" in cli(tui_bin, sandbox, "accounts").stdout
    assert "Admin\\u{2066}Access" in cli(tui_bin, sandbox, "roles").stdout
    # JSON keeps the data exact.
    j = json.loads(cli(tui_bin, sandbox, "accounts", "--json").stdout)
    assert j[0]["accountName"] == "bidi\u202egnp.exe"


# --- #4: a BOM is refused, the file never rewritten ------------------------------------------

def test_bom_config_is_refused_and_never_rewritten(tui_bin, sandbox):
    data = ("\ufeff" + SESSION_CONFIG).encode()
    sandbox.aws.mkdir(parents=True)
    sandbox.config_path.write_bytes(data)
    for args in (["sessions", "list"], ["sessions", "add", "x", "--start-url", "https://x.awsapps.com/start", "--region", "us-east-1"],
                 ["profiles", "add", "p", "--session", "acme", "--account", "111111111111", "--role", "R"]):
        p = cli(tui_bin, sandbox, *args)
        assert p.returncode == 1, (args, p.returncode, p.stdout, p.stderr)
        assert one_line(p) == f"aws-sso-tui: cannot parse config: {sandbox.config_path}:1: file starts with a byte order mark (botocore cannot read it)"
        assert sandbox.config_path.read_bytes() == data
    assert not (sandbox.aws / "config.bak").exists()


# --- #5: the dry-run diff applies, the summary names the session -----------------------------

@pytest.mark.parametrize("config", [
    SESSION_CONFIG,                                  # 4 lines, final newline
    SESSION_CONFIG.rstrip("\n"),                     # no final newline
    SESSION_CONFIG + "\n[profile hand]\nregion = eu-west-1\n",
])
def test_populate_dry_run_diff_applies_with_patch_and_git_apply(tui_bin, sandbox, emulator_factory, tmp_path, config):
    emu = emulator_factory("--accounts", "3", "--auto-approve-after", "0")
    setup(sandbox, emu, config)
    login(tui_bin, sandbox)
    p = cli(tui_bin, sandbox, "populate", "--dry-run")
    assert p.returncode == 0, p.stderr
    assert p.stderr.startswith("populate acme: "), p.stderr
    diff = tmp_path / "d.patch"
    diff.write_text(p.stdout)
    assert sandbox.config_path.read_text() == config
    subprocess.run(["patch", "-p0", "--dry-run", "-i", str(diff)], cwd="/", check=True, capture_output=True)
    # git apply, from the config's directory with the path made relative.
    rel = p.stdout.replace(str(sandbox.config_path), "config")
    g = subprocess.run(["git", "apply", "--unsafe-paths", "--check", "-p0", "-"], input=rel, text=True,
                       cwd=sandbox.aws, capture_output=True)
    assert g.returncode == 0, g.stderr
    subprocess.run(["patch", "-p0", "-s", "-i", str(diff)], cwd="/", check=True)
    applied = sandbox.config_path.read_text()
    sandbox.config_path.write_text(config)
    w = cli(tui_bin, sandbox, "populate")
    assert w.returncode == 0 and w.stdout.startswith("populate acme: "), w
    assert sandbox.config_path.read_text() == applied


# --- #7: bounded reads -------------------------------------------------------------------------

def test_config_linked_to_dev_zero_is_one_line(tui_bin, sandbox):
    sandbox.aws.mkdir(parents=True)
    os.symlink("/dev/zero", sandbox.config_path)
    p = cli(tui_bin, sandbox, "sessions", "list", timeout=20)
    assert p.returncode == 1
    assert one_line(p) == "aws-sso-tui: /dev/zero: not a regular file; not read"


def test_config_fifo_and_huge_file_are_one_line(tui_bin, sandbox):
    sandbox.aws.mkdir(parents=True)
    os.mkfifo(sandbox.config_path)
    p = cli(tui_bin, sandbox, "profiles", "list", timeout=20)
    assert p.returncode == 1 and "not a regular file" in one_line(p)
    os.unlink(sandbox.config_path)
    with open(sandbox.config_path, "wb") as f:
        f.truncate(17 << 20)
    p = cli(tui_bin, sandbox, "profiles", "list", timeout=20)
    assert p.returncode == 1
    assert one_line(p) == f"aws-sso-tui: {sandbox.config_path}: larger than 16 MiB; not read"


def test_token_file_linked_to_dev_zero_counts_as_not_logged_in(tui_bin, sandbox):
    sandbox.write_config(SESSION_CONFIG)
    sandbox.cache_dir.mkdir(parents=True)
    key = hashlib.sha1(b"acme").hexdigest()
    os.symlink("/dev/zero", sandbox.cache_dir / f"{key}.json")
    p = cli(tui_bin, sandbox, "status", "--json", timeout=20)
    assert p.returncode == 0, p.stderr
    s = json.loads(p.stdout)["sessions"][0]
    assert s["state"] == "corrupt" and "not a regular file" in s["reason"]
    p = cli(tui_bin, sandbox, "accounts", timeout=20)
    assert p.returncode == 3, p.stderr
    one_line(p)


# --- #9: names without bounds ------------------------------------------------------------------

def test_long_names_are_capped_in_profiles_and_cut_in_text_output(tui_bin, sandbox, emulator_factory):
    emu = emulator_factory("--accounts", "2", "--auto-approve-after", "0")
    emu.set_org({"accounts": [
        {"accountId": "111111111111", "accountName": "n" * 10000, "roles": ["R" * 20000]},
        {"accountId": "222222222222", "accountName": "short", "roles": ["Admin"]}]})
    setup(sandbox, emu)
    login(tui_bin, sandbox)
    p = cli(tui_bin, sandbox, "accounts")
    assert p.returncode == 0
    assert max(len(l) for l in p.stdout.splitlines()) < 150, p.stdout[:300]
    assert ("n" * 59 + "…") in p.stdout
    p = cli(tui_bin, sandbox, "populate")
    assert p.returncode == 0, p.stderr
    headers = [l for l in sandbox.config_path.read_text().splitlines() if l.startswith("[profile")]
    assert len(headers) == 2
    assert all(len(h) <= len("[profile ]") + 64 for h in headers), [len(h) for h in headers]
    # botocore still finds the right role under the capped name.
    import configparser
    cp = configparser.RawConfigParser()
    cp.read(sandbox.config_path)
    long = [s for s in cp.sections() if s.startswith("profile nnn")][0]
    assert cp[long]["sso_role_name"] == "R" * 20000


# --- #10: one bad role names the account and role, nothing written ----------------------------

def test_bad_role_fails_populate_naming_account_and_role(tui_bin, sandbox, emulator_factory):
    emu = emulator_factory("--accounts", "2", "--auto-approve-after", "0")
    emu.set_org({"accounts": [
        {"accountId": "111111111111", "accountName": "good", "roles": ["Admin"]},
        {"accountId": "222222222222", "accountName": "bad-acct", "roles": ["Ok", "Evil\x1b[2Jrole"]}]})
    setup(sandbox, emu)
    login(tui_bin, sandbox)
    before = sandbox.config_path.read_bytes()
    for args in (["populate"], ["populate", "--dry-run"]):
        p = cli(tui_bin, sandbox, *args)
        assert p.returncode == 1, p
        line = one_line(p)
        assert "account 222222222222 (bad-acct)" in line and "Evil\\x1b[2Jrole" in line, line
        assert "nothing written" in line and "\x1b" not in p.stderr
        assert p.stdout == ""
        assert sandbox.config_path.read_bytes() == before


# --- The deadline and the emulator's failure modes ---------------------------------------------

DEADLINE = 3.0   # AWS_SSO_TUI_DEADLINE for these tests (the default is 60 s)


def snapshot(sandbox):
    files = {}
    for root, _, names in os.walk(sandbox.home):
        for n in names:
            p = os.path.join(root, n)
            if os.path.isfile(p):
                files[p] = open(p, "rb").read()
    return files


def faulty(tui_bin, sandbox, emu, mode, ops, *args, may_write=()):
    sandbox.env["AWS_SSO_TUI_DEADLINE"] = str(DEADLINE)
    sandbox.env["AWS_SSO_TUI_HTTP_TIMEOUT"] = "1"
    emu.set_failure(mode, ops=ops)
    before = snapshot(sandbox)
    start = time.monotonic()
    p = cli(tui_bin, sandbox, *args, timeout=30)
    took = time.monotonic() - start
    after = snapshot(sandbox)
    for f in may_write:
        before.pop(f, None), after.pop(f, None)
    assert after == before, "something was written"
    assert p.stdout == "", p.stdout
    return p, one_line(p), took


MODES = ["html500", "html200", "truncated", "short", "empty", "reset", "hang", "throttle"]


@pytest.mark.parametrize("mode", MODES)
def test_accounts_fails_in_one_line_under_the_deadline(tui_bin, sandbox, emulator_factory, mode):
    emu = emulator_factory("--accounts", "3", "--auto-approve-after", "0")
    setup(sandbox, emu)
    login(tui_bin, sandbox)
    p, line, took = faulty(tui_bin, sandbox, emu, mode, ["ListAccounts"], "accounts")
    assert p.returncode == 1, (p.returncode, line)
    assert line.startswith("aws-sso-tui: ListAccounts"), line
    assert took < DEADLINE + 2, took
    if mode == "hang":
        assert "no answer from 127.0.0.1: 2 tries over" in line, line
    if mode == "throttle":
        assert "TooManyRequestsException" in line and "tries over" in line, line
    if mode == "html500":
        assert "HTML page" in line and "tries over" in line, line


@pytest.mark.parametrize("mode", MODES)
def test_populate_fails_safe_when_role_listing_fails(tui_bin, sandbox, emulator_factory, mode):
    emu = emulator_factory("--accounts", "40", "--auto-approve-after", "0")
    setup(sandbox, emu)
    login(tui_bin, sandbox)
    p, line, took = faulty(tui_bin, sandbox, emu, mode, ["ListAccountRoles"], "populate")
    assert p.returncode == 1, (p.returncode, line)
    assert "ListAccountRoles" in line, line
    assert took < DEADLINE + 2, took


def test_401_in_the_middle_of_a_listing_is_exit_3(tui_bin, sandbox, emulator_factory):
    emu = emulator_factory("--accounts", "150", "--auto-approve-after", "0")
    setup(sandbox, emu)
    login(tui_bin, sandbox)
    for cmd in (["roles"], ["populate"]):
        p, line, took = faulty(tui_bin, sandbox, emu, "unauthorized", ["ListAccountRoles"], *cmd)
        assert p.returncode == 3, line
        assert line.endswith("run: aws-sso-tui login --session acme"), line
        assert took < DEADLINE + 2


def test_expired_registration_fails_login_in_one_line(tui_bin, sandbox, emulator_factory):
    emu = emulator_factory("--accounts", "3", "--auto-approve-after", "0")
    setup(sandbox, emu)
    login(tui_bin, sandbox)
    os.unlink(sandbox.cache_dir / (hashlib.sha1(b"acme").hexdigest() + ".json"))
    # The client registers again (as AWS CLI v2 does); no token is written.
    regs = [str(f) for f in sandbox.cache_dir.iterdir()]
    p, line, took = faulty(tui_bin, sandbox, emu, "expired-registration", None, "login", "--session", "acme", "--no-browser",
                           may_write=regs)
    assert sorted(str(f) for f in sandbox.cache_dir.iterdir()) == sorted(regs)
    assert p.returncode == 1, line
    assert "Client registration has expired" in line
    assert took < DEADLINE + 2


def test_hang_on_credentials_and_refresh_token_ends_by_the_deadline(tui_bin, sandbox, emulator_factory):
    emu = emulator_factory("--accounts", "3", "--auto-approve-after", "0")
    org = emu.org()["accounts"][0]
    setup(sandbox, emu, SESSION_CONFIG + f"\n[profile dev]\nsso_session = acme\nsso_account_id = {org['accountId']}\nsso_role_name = {org['roles'][0]}\n")
    login(tui_bin, sandbox)
    p, line, took = faulty(tui_bin, sandbox, emu, "hang", ["GetRoleCredentials"], "credential-process", "--profile", "dev")
    assert p.returncode == 1 and "GetRoleCredentials: no answer from 127.0.0.1: 2 tries over" in line, line
    assert took < DEADLINE + 2



# --- #1: bracketed paste -------------------------------------------------------------------------

def tui_env(sandbox, **extra):
    return dict(sandbox.env, LANG="C.UTF-8", ESCDELAY="25", **extra)


def paste(tmux, text, tmp_path):
    f = tmp_path / "paste.txt"
    f.write_text(text)
    tmux._tmux("load-buffer", "-b", "pb", str(f))
    tmux._tmux("paste-buffer", "-p", "-b", "pb", "-t", "t")   # -p: bracketed, as the program asked


def test_a_paste_on_the_main_screen_is_never_keys(tui_bin, sandbox, tmux, tmp_path):
    sandbox.write_config(SESSION_CONFIG)
    tmux.start([tui_bin], tui_env(sandbox), width=100, height=30)
    tmux.wait_for("Sessions")
    before = tmux.screen()
    # As keys these would open Profiles (p), help (?), reload (R), a new session (n), quit (q).
    paste(tmux, "p?Rn\nq\x1b[A\tq" * 50, tmp_path)
    tmux.send("Tab")     # a key after the paste still acts: the paste was consumed whole
    tmux.wait_until(lambda s: s != before, "the Tab to move the focus")
    s = tmux.screen()
    assert "Profiles" not in s and "any key closes" not in s and "sso-session name" not in s.lower(), s
    assert tmux.pid() is not None
    tmux.send("q")
    assert tmux.wait_exit() == 0
    assert tmux.stty_restored()


def test_a_megabyte_paste_goes_into_the_focused_field(tui_bin, sandbox, tmux, tmp_path):
    tmux.start([tui_bin], tui_env(sandbox), width=100, height=30)   # no config: the first-run form
    s = tmux.wait_for("Start URL")
    paste(tmux, "acme" + "x" * (1 << 20), tmp_path)
    tmux.type("Z")
    s = tmux.wait_for("xxxZ", timeout=60)
    assert tmux.pid() is not None
    tmux.send("C-c")
    assert tmux.wait_exit() == 0
    assert tmux.stty_restored()


def test_sigterm_acts_during_a_megabyte_paste(tui_bin, sandbox, tmux, tmp_path):
    sandbox.write_config(SESSION_CONFIG)
    tmux.start([tui_bin], tui_env(sandbox), width=100, height=30)
    tmux.wait_for("Sessions")
    pid = tmux.pid()
    paste(tmux, "q" * (4 << 20), tmp_path)
    os.kill(pid, signal.SIGTERM)
    start = time.monotonic()
    assert tmux.wait_exit(timeout=10) == 143
    assert time.monotonic() - start < 5
    assert tmux.stty_restored()


def test_a_paste_whose_markers_are_split_across_reads_is_still_text(tui_bin, sandbox, tmux):
    """On a busy machine a read boundary can fall inside a marker, and the rest arrives after
    curses' ESC delay (25 ms here): the pauses below are that fault, injected on purpose."""
    sandbox.write_config(SESSION_CONFIG)
    tmux.start([tui_bin], tui_env(sandbox), width=100, height=30)
    tmux.wait_for("Sessions")
    before = tmux.screen()
    hexs = lambda s: [f"{b:02x}" for b in s.encode()]
    tmux.send("-H", "1b")
    time.sleep(0.05)                                  # the begin marker split after ESC
    tmux.send("-H", *hexs("[200~"))
    tmux.send("p?Rnq", literal=True)                  # as keys: Profiles, help, reload, new, quit
    tmux.send("-H", *hexs("qq\x1b[2"))
    time.sleep(0.3)                                   # the end marker split in its middle
    tmux.send("-H", *hexs("01~"))
    tmux.send("Tab")
    tmux.wait_until(lambda s: s != before, "the Tab after the paste to move the focus")
    s = tmux.screen()
    assert "Profiles" not in s and "any key closes" not in s, s
    assert tmux.pid() is not None, "a pasted q quit"
    tmux.send("q")
    assert tmux.wait_exit() == 0


# --- #8: the console sign-in link is never in the browser's argv --------------------------------

def test_console_link_goes_to_the_browser_in_a_private_file(tui_bin, sandbox, emulator_factory, tmp_path):
    import html
    import re
    import urllib.request
    emu = emulator_factory("--accounts", "2", "--auto-approve-after", "0")
    acct = emu.org()["accounts"][0]
    setup(sandbox, emu, SESSION_CONFIG + f"\n[profile dev]\nsso_session = acme\nsso_account_id = {acct['accountId']}\nsso_role_name = {acct['roles'][0]}\n")
    login(tui_bin, sandbox)
    argv_log = tmp_path / "argv"
    browser = tmp_path / "browser.sh"
    browser.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" > {argv_log}\n")
    browser.chmod(0o755)
    sandbox.env["BROWSER"] = str(browser)
    p = cli(tui_bin, sandbox, "console", "--profile", "dev")
    assert p.returncode == 0, p.stderr
    arg = argv_log.read_text().strip()
    assert "SigninToken" not in arg and "signin" not in arg.lower(), arg
    assert arg.startswith("file:///"), arg
    path = arg[len("file://"):]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700
    page = open(path).read()
    link = html.unescape(re.search(r'url=([^"]+)"', page).group(1))
    assert "SigninToken=" in link
    with urllib.request.urlopen(link, timeout=10) as r:
        assert f"signed in as {acct['accountId']}/{acct['roles'][0]}" in r.read().decode()
    assert "SigninToken" not in p.stdout + p.stderr


# --- The TUI against each failure mode: the failure in place, in one line, usable, nothing written ---

def aws_files(sandbox):
    """The user's AWS files (config, token and credential caches): what a failure must not change."""
    return {p: b for p, b in snapshot(sandbox).items() if "/.aws/" in p}


@pytest.mark.parametrize("mode", MODES)
def test_tui_shows_each_failure_mode_in_place_and_stays_usable(tui_bin, sandbox, tmux, emulator_factory, mode):
    emu = emulator_factory("--accounts", "5", "--auto-approve-after", "0")
    setup(sandbox, emu)
    login(tui_bin, sandbox)
    emu.set_failure(mode, ops=["ListAccounts"])
    before = aws_files(sandbox)
    env = dict(sandbox.env, LANG="C.UTF-8", ESCDELAY="25", AWS_SSO_TUI_DEADLINE=str(DEADLINE),
               AWS_SSO_TUI_HTTP_TIMEOUT="1")
    tmux.start([tui_bin], env, width=120, height=30)
    start = time.monotonic()
    screen = tmux.wait_for("Listing accounts failed: ListAccounts", timeout=DEADLINE + 10)
    assert time.monotonic() - start < DEADLINE + 5
    # One status line that says what happened, and the Accounts pane says so in place.
    status = [l for l in screen.splitlines() if "Listing accounts failed" in l]
    assert len(status) == 1 and status[0].lstrip().startswith("✗"), screen
    assert "failed: ListAccounts" in screen.split("Accounts (0)", 1)[1], screen
    assert "<" not in screen and "html>" not in screen.lower(), screen   # the server's page is not shown
    if mode == "hang":
        assert "no answer from 127.0.0.1: 2 tries over" in screen, screen
    # Still usable: the help opens and closes; once the server is back, R lists the accounts.
    tmux.send("?")
    tmux.wait_for("any other key close", timeout=5)
    tmux.send("Escape")
    tmux.wait_gone("any other key close", timeout=5)
    emu.set_failure("none")
    tmux.send("R")
    tmux.wait_for("Accounts (5)", timeout=15)
    tmux.send("q")
    assert tmux.wait_exit() == 0
    assert tmux.stty_restored()
    assert aws_files(sandbox) == before, "the failure wrote to the user's AWS files"


def test_tui_401_in_the_middle_of_a_listing_leads_to_the_login(tui_bin, sandbox, tmux, emulator_factory):
    emu = emulator_factory("--accounts", "150", "--auto-approve-after", "0")
    setup(sandbox, emu)
    login(tui_bin, sandbox)
    emu.set_failure("unauthorized", ops=["ListAccountRoles"])
    env = dict(sandbox.env, LANG="C.UTF-8", ESCDELAY="25", AWS_SSO_TUI_DEADLINE=str(DEADLINE))
    tmux.start([tui_bin], env, width=120, height=30)
    # The portal rejects the token: the login screen comes (and the emulator approves at once).
    tmux.wait_for("Log in", timeout=DEADLINE + 10)
    emu.set_failure("none")
    tmux.wait_for("Accounts (150)", timeout=20)
    tmux.send("q")
    assert tmux.wait_exit() == 0
