"""The TUI acts on what it shows: the interaction core (one keymap, one list). Each defect a new user hit, reproduced with the
real binary in tmux against the emulator (or the CLI), judged by the screen, the config file,
the token cache and the emulator's request log."""
import configparser
import html
import hashlib
import json
import subprocess
import time

from conftest import Tmux
from test_cli_sso import cli, login
from test_tui import start, tui_env

CONFIG = """\
[default]
region = us-west-2

[sso-session acme]
sso_start_url = {start_url}
sso_region = us-east-1
sso_registration_scopes = sso:account:access
"""

ORG = {"accounts": [
    {"accountId": "111111111111", "accountName": "acme-dev",
     "roles": ["AdministratorAccess", "PowerUserAccess", "ReadOnlyAccess"]},
    {"accountId": "222222222222", "accountName": "prodcheck", "roles": ["Billing", "DataScientist", "ReadOnlyAccess"]},
    {"accountId": "333333333333", "accountName": "prod-payments", "roles": ["Admin", "Deploy", "ReadOnlyAccess"]},
    {"accountId": "444444444444", "accountName": "sandbox", "roles": ["Dev", "Ops", "ReadOnlyAccess"]},
]}


def setup(tui_bin, sandbox, emulator_factory, tmp_path, *emu_args, extra="", logged_in=True,
          start_url="https://acme.awsapps.com/start", org=ORG):
    args = list(emu_args)
    if org is not None:
        f = tmp_path / "org.json"
        f.write_text(json.dumps(org))
        args = ["--org", str(f)] + args
    if "--auto-approve-after" not in args:
        args += ["--auto-approve-after", "0"]
    emu = emulator_factory(*args)
    sandbox.point_at(emu.url)
    sandbox.write_config(CONFIG.format(start_url=start_url) + extra)
    if logged_in:
        login(tui_bin, sandbox)
    return emu


def listed(tmux, n):
    done = lambda t: f"Accounts ({n})" in t and "Loading" not in t and "Refreshing" not in t
    return tmux.wait_until(done, f"the listing of {n} accounts to finish", timeout=20)


def token_file(sandbox, name="acme"):
    return sandbox.cache_dir / (hashlib.sha1(name.encode()).hexdigest() + ".json")


def quit_ok(tmux):
    tmux.send("C-c")
    assert tmux.wait_exit() == 0 and tmux.stty_restored()


# 1. A new account's roles start at the top; the row acted on is the row highlighted.
def test_1_roles_cursor_starts_at_the_top_for_a_new_account(tui_bin, sandbox, tmux, emulator_factory, tmp_path):
    setup(tui_bin, sandbox, emulator_factory, tmp_path)
    start(tmux, tui_bin, sandbox, 120, 40)
    listed(tmux, 4)
    tmux.send("Enter")                      # acme-dev -> Roles
    tmux.wait_for("Roles · acme-dev")
    tmux.send("Down")
    tmux.send("Down")                       # ReadOnlyAccess, the third role
    tmux.send("BTab")                       # back to Accounts
    tmux.wait_for("populate all")
    tmux.send("/")
    tmux.type("prodcheck")
    tmux.send("Enter")                      # one match: its roles
    s = tmux.wait_for("Roles · prodcheck")
    # The cursor does not follow the role name (ReadOnlyAccess is prodcheck's third role too).
    tmux.wait_for("DataScientist")
    tmux.send("Enter")                      # the highlighted (top) role
    s = tmux.wait_for("New profile")
    assert "Billing" in s and "ReadOnlyAccess" not in s, s
    quit_ok(tmux)


# 2. A filter stays open until Esc or Enter; what is typed in it is never a command.
def test_2_filter_stays_open_backspace_and_no_matches(tui_bin, sandbox, tmux, emulator_factory, tmp_path):
    emu = setup(tui_bin, sandbox, emulator_factory, tmp_path)
    start(tmux, tui_bin, sandbox, 120, 40)
    listed(tmux, 4)
    tmux.send("BTab")                       # Sessions
    tmux.wait_for("new session")
    # `/` Backspace `p`: the filter stays open; `p` is typed, the Profiles view does not open.
    tmux.send("/")
    tmux.send("BSpace")
    tmux.type("p")
    s = tmux.wait_for("0/1")                # the filter line: /p, no match of 1
    assert "Profiles in" not in s
    tmux.send("Escape")
    tmux.wait_gone("0/1")
    # `/` `z` `L`: no match; `L` is typed, no logout.
    emu.clear_requests()
    tmux.send("/")
    tmux.type("zL")
    s = tmux.wait_for("no matches")
    assert "/zL" in s, s
    assert token_file(sandbox).exists()
    assert "Logout" not in [r["operation"] for r in emu.requests()]
    tmux.send("Escape")
    tmux.wait_gone("/zL")
    # `/` `x` `q` `q`: typed, the TUI does not quit.
    tmux.send("/")
    tmux.type("xqq")
    s = tmux.wait_for("/xqq")
    assert "no matches" in s
    assert not tmux.rc_file.exists()
    tmux.send("Escape")
    tmux.wait_gone("/xqq")
    assert token_file(sandbox).exists()
    quit_ok(tmux)


# 3. PgDn moves by the visible page; the view scrolls only when the cursor leaves it.
def test_3_page_keys_move_by_the_visible_page(tui_bin, sandbox, tmux, emulator_factory, tmp_path):
    setup(tui_bin, sandbox, emulator_factory, tmp_path, "--accounts", "80", org=None)
    names = [a["accountName"] for a in json.loads(cli(tui_bin, sandbox, "accounts", "--json").stdout)]
    start(tmux, tui_bin, sandbox, 120, 40)
    listed(tmux, 80)
    for _ in range(20):
        tmux.send("Down")
    tmux.send("Enter")
    s = tmux.wait_for(f"Roles · {names[20]}")
    assert names[0] in s, "the view did not scroll: the cursor is still inside it"
    tmux.send("BTab")
    tmux.send("Home")
    tmux.send("PageDown")
    tmux.send("Enter")
    # 40 rows: header, 2 status rows, the pane's 2 borders -> 35 rows of accounts.
    tmux.wait_for(f"Roles · {names[35]}")
    quit_ok(tmux)


# 4. `?` help scrolls and keeps the status lines.
def test_4_help_scrolls_and_fits_the_window(tui_bin, sandbox, tmux, emulator_factory, tmp_path):
    setup(tui_bin, sandbox, emulator_factory, tmp_path)
    start(tmux, tui_bin, sandbox, 80, 24)
    listed(tmux, 4)
    tmux.send("?")
    s = tmux.wait_for("Keys")
    assert "Ctrl-U" not in s, "the forms section is below the fold at 80x24"
    last = s.rstrip("\n").splitlines()[-1]
    assert "scroll" in last and "close" in last, s
    # PgDn page by page until the forms section shows (the overlay is longer than the window).
    for _ in range(12):
        before = tmux.wait_for("Keys")
        if "Ctrl-U" in before:
            break
        tmux.send("PageDown")
        tmux.wait_until(lambda scr: scr != before, "the help overlay scrolled")
    s = tmux.wait_for("Ctrl-U")
    tmux.send("Escape")
    tmux.wait_gone("Ctrl-U")
    quit_ok(tmux)


# 5. `L` and `*` ask y/n.
def test_5_logout_and_make_default_ask_first(tui_bin, sandbox, tmux, emulator_factory, tmp_path):
    emu = setup(tui_bin, sandbox, emulator_factory, tmp_path, extra="""
[profile dev]
sso_session = acme
sso_account_id = 111111111111
sso_role_name = AdministratorAccess
""")
    start(tmux, tui_bin, sandbox, 120, 40)
    listed(tmux, 4)
    tmux.send("BTab")
    tmux.wait_for("L log out")
    emu.clear_requests()
    tmux.send("L")
    tmux.wait_for("Log out of acme?")
    tmux.send("n")
    tmux.wait_gone("Log out of acme?")
    assert token_file(sandbox).exists()
    assert "Logout" not in [r["operation"] for r in emu.requests()]
    tmux.send("p")
    tmux.wait_for("Profiles in")
    tmux.send("/")
    tmux.type("dev")
    tmux.send("Escape")
    tmux.wait_gone("/dev")
    before = sandbox.config_path.read_text()
    tmux.send("End")
    tmux.send("*")
    tmux.wait_for("Make dev the default profile?")
    tmux.send("n")
    tmux.wait_gone("Make dev the default")
    assert sandbox.config_path.read_text() == before
    tmux.send("*")
    tmux.wait_for("Make dev the default profile?")
    tmux.send("y")
    tmux.wait_for("default profile now uses the settings of dev")
    tmux.send("Escape")
    tmux.send("L")
    tmux.wait_for("Log out of acme?")
    tmux.send("y")
    tmux.wait_for("Logged out of acme")
    assert not token_file(sandbox).exists()
    quit_ok(tmux)


# 6. `profiles default` copies the SSO and region/output keys only and keeps the rest of [default].
def test_6_make_default_keeps_defaults_own_keys_and_no_marker(tui_bin, sandbox, emulator_factory, tmp_path):
    setup(tui_bin, sandbox, emulator_factory, tmp_path, logged_in=False)
    sandbox.write_config("""\
[default]
region = us-west-2
cli_pager =
credential_process = /usr/bin/true

[sso-session acme]
sso_start_url = https://acme.awsapps.com/start
sso_region = us-east-1

[profile gen]
sso_session = acme
sso_account_id = 111111111111
sso_role_name = AdministratorAccess
region = eu-west-1
output = yaml
sso_tui_generated = true
""")
    p = cli(tui_bin, sandbox, "profiles", "default", "gen")
    assert p.returncode == 0, p.stderr
    cp = configparser.RawConfigParser()
    cp.read_string(sandbox.config_path.read_text())
    d = dict(cp["default"])
    assert d == {"region": "eu-west-1", "cli_pager": "", "credential_process": "/usr/bin/true",
                 "sso_session": "acme", "sso_account_id": "111111111111",
                 "sso_role_name": "AdministratorAccess", "output": "yaml"}, d


# 7. A hand-made profile for a (session, account, role) counts as present for populate.
def test_7_populate_after_a_hand_made_profile_keeps_it(tui_bin, sandbox, emulator_factory, tmp_path):
    setup(tui_bin, sandbox, emulator_factory, tmp_path)
    p = cli(tui_bin, sandbox, "profiles", "add", "mine", "--session", "acme", "--account", "111111111111",
            "--role", "AdministratorAccess")
    assert p.returncode == 0, p.stderr
    p = cli(tui_bin, sandbox, "populate", "--session", "acme", "--dry-run")
    assert p.returncode == 0, p.stderr
    assert "acme-dev-administrator" not in p.stdout, p.stdout
    p = cli(tui_bin, sandbox, "populate", "--session", "acme")
    assert p.returncode == 0, p.stderr
    cp = configparser.RawConfigParser()
    cp.read_string(sandbox.config_path.read_text())
    pairs = [(cp[s].get("sso_account_id"), cp[s].get("sso_role_name")) for s in cp.sections() if s.startswith("profile ")]
    assert pairs.count(("111111111111", "AdministratorAccess")) == 1, pairs
    assert "sso_tui_generated" not in cp["profile mine"]
    assert len(pairs) == 12, pairs


# 8. Without a browser: the TUI copies the console link and says so; the CLI exits 1.
def test_8_console_without_a_browser(tui_bin, sandbox, tmux, emulator_factory, tmp_path):
    setup(tui_bin, sandbox, emulator_factory, tmp_path, extra="""
[profile dev]
sso_session = acme
sso_account_id = 111111111111
sso_role_name = AdministratorAccess
""")
    br = tmp_path / "no-browser.sh"
    br.write_text("#!/bin/sh\necho 'no display' >&2\nexit 3\n")
    br.chmod(0o755)
    sandbox.env["BROWSER"] = str(br)
    p = cli(tui_bin, sandbox, "console", "--profile", "dev")
    assert p.returncode == 1, (p.returncode, p.stdout, p.stderr)
    assert "--print" in p.stderr and "Opened" not in p.stdout + p.stderr
    assert "SigninToken" not in p.stdout + p.stderr
    start(tmux, tui_bin, sandbox, 120, 40)
    tmux._tmux("set-option", "-g", "set-clipboard", "on")
    listed(tmux, 4)
    tmux.send("Enter")
    tmux.wait_for("Roles · acme-dev")
    tmux.send("c")
    s = tmux.wait_for("clipboard", timeout=20)
    assert "Opened the AWS console" not in s
    buf = ""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and "federation" not in buf:
        buf = tmux._tmux("show-buffer", check=False).stdout
        time.sleep(0.05)
    assert "Action=login" in buf
    quit_ok(tmux)


# 9. The QR code never covers text.
def test_9_qr_code_never_covers_the_start_url(tui_bin, sandbox, tmux, emulator_factory, tmp_path):
    url = "https://payments-platform-shared-services-eu-1.awsapps.com/start"
    setup(tui_bin, sandbox, emulator_factory, tmp_path, "--auto-approve-after", "600", logged_in=False, start_url=url)
    for w, h in ((120, 40), (200, 50)):
        t = tmux if w == 120 else Tmux(tmp_path)   # a server of its own for each size
        try:
            start(t, tui_bin, sandbox, w, h)
            t.wait_for("logged out")
            t.send("Enter")
            s = t.wait_for("Code: ")
            assert f"Start URL: {url}" in s, s
            assert "region us-east-1" in s, s
            quit_ok(t)
        finally:
            t.kill()


# 10. The `→ profile` name stays; the role name is shortened first.
def test_10_profile_name_stays_in_the_roles_pane(tui_bin, sandbox, tmux, emulator_factory, tmp_path):
    name = "acme-dev-administrator-daily"   # 28 characters
    setup(tui_bin, sandbox, emulator_factory, tmp_path, extra=f"""
[profile {name}]
sso_session = acme
sso_account_id = 111111111111
sso_role_name = AdministratorAccess
""")
    start(tmux, tui_bin, sandbox, 120, 40)
    listed(tmux, 4)
    tmux.send("Enter")
    tmux.wait_for("Roles · acme-dev")
    tmux.wait_for(f"→ {name}")
    tmux.resize(80, 24)
    s = tmux.wait_for("→ ")
    assert "acme-dev" in s.split("→ ", 1)[1].splitlines()[0], s
    quit_ok(tmux)


# 11. `c` on an expired session: the login, then the console the user asked for.
def test_11_console_after_the_login_it_needed(tui_bin, sandbox, tmux, emulator_factory, tmp_path):
    emu = setup(tui_bin, sandbox, emulator_factory, tmp_path)
    opened = sandbox.stand_in_browser(tmp_path)
    start(tmux, tui_bin, sandbox, 120, 40)
    listed(tmux, 4)
    tmux.send("Enter")
    tmux.wait_for("Roles · acme-dev")
    tmux.send("Down")                       # PowerUserAccess
    emu.expire_tokens(refresh=True)        # signed out at the portal: the refresh token is gone too
    emu.clear_requests()
    tmux.send("c")
    # The login screen comes (the emulator approves at once), then the console is opened.
    s = tmux.wait_for("Opened the AWS console as PowerUserAccess in 111111111111", timeout=20)
    ops = [r["operation"] for r in emu.requests()]
    assert "StartDeviceAuthorization" in ops and ops.index("StartDeviceAuthorization") < len(ops) - 1, ops
    assert ops[-1] == "GetRoleCredentials" or "GetRoleCredentials" in ops[ops.index("CreateToken"):], ops
    assert "Roles · acme-dev" in s
    # The browser was handed one private file that forwards to the sign-in link (never the link).
    args = [a for a in opened.read_text().split() if "/device?" not in a]   # the login's page aside
    assert len(args) == 1 and args[0].startswith("file:///"), args
    page = open(args[0][len("file://"):]).read()
    assert "/federation?Action=login" in html.unescape(page), page
    get = [r for r in emu.requests() if r["operation"] == "GetRoleCredentials"][-1]
    assert get["query"]["role_name"] == "PowerUserAccess"
    # Focus stayed on Roles: `x` acts on the role.
    tmux.send("x")
    tmux.wait_for("Copied export lines for PowerUserAccess")
    quit_ok(tmux)


# 12. `/prod` Enter then `P` populates the matches.
def test_12_populate_on_a_filter(tui_bin, sandbox, tmux, emulator_factory, tmp_path):
    setup(tui_bin, sandbox, emulator_factory, tmp_path)
    start(tmux, tui_bin, sandbox, 120, 40)
    listed(tmux, 4)
    tmux.send("/")
    tmux.type("prod")
    tmux.send("Enter")
    tmux.send("P")
    s = tmux.wait_for("Preview: ")
    assert "2 account(s) of acme matching /prod" in s, s
    assert "+ prodcheck-billing" in s and "+ prod-payments-admin" in s and "acme-dev" not in s
    tmux.send("Escape")
    quit_ok(tmux)
