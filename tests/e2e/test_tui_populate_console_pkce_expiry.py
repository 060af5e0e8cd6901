"""The TUI side of populate, console, PKCE and token expiry, in tmux against the emulator, judged by the config file, the
emulator's request log and botocore: populate with a preview, console sign-in and export lines
for a role, the PKCE choice, and token expiry across several sessions."""
import hashlib
import html
import json
import re
import subprocess
import time
import urllib.request
from datetime import datetime, timedelta, timezone

from conftest import run_botocore
from test_cli_sso import BOTOCORE_CREDS, cli, login
from test_pkce import _free_port
from test_populate_console import CONFIG, ORG, prepared, profiles
from test_tui import start, tui_env


def botocore_key(sandbox, profile):
    """The access key botocore resolves for a profile (the SSO provider, our token cache)."""
    return run_botocore(sandbox, BOTOCORE_CREDS.format(profile=profile))["ak"]


def wait_listed(tmux, n):
    """The live listing has finished: all n accounts, no `…`, no loading line."""
    done = lambda t: f"Accounts ({n})" in t and "Loading" not in t and "Refreshing" not in t
    return tmux.wait_until(done, f"the listing of {n} accounts to finish", timeout=20)


def secrets_of(sandbox):
    """Every secret in the SSO and CLI caches (tokens, client secrets, role credentials)."""
    out = set()
    for d in (sandbox.cache_dir, sandbox.aws / "cli" / "cache"):
        for f in d.glob("*.json") if d.exists() else []:
            j = json.loads(f.read_text())
            for k in ("accessToken", "refreshToken", "clientSecret"):
                if j.get(k):
                    out.add(j[k])
            c = j.get("Credentials") or {}
            for k in ("SecretAccessKey", "SessionToken"):
                if c.get(k):
                    out.add(c[k])
    return out


def test_populate_from_accounts_and_roles_panes_with_preview(tui_bin, sandbox, tmux, emulator_factory, tmp_path):
    emu = prepared(tui_bin, sandbox, emulator_factory, tmp_path)
    before = sandbox.config_path.read_bytes()
    # What the CLI writes from the same start: the TUI must write exactly the same bytes.
    ref = tmp_path / "ref-config"
    ref.write_bytes(before)
    p = subprocess.run([tui_bin, "populate", "--session", "acme", "--config", str(ref)], env=sandbox.env,
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr

    start(tmux, tui_bin, sandbox, 120, 40)
    wait_listed(tmux, 4)
    tmux.send("P")
    # `mine` is acme-dev's AdministratorAccess by hand: kept, no second profile.
    s = tmux.wait_for("Preview: 5 to add, 0 to update, 0 unchanged, 1 kept (hand-made)")
    assert "Populate · all 4 accounts of acme" in s
    assert "= mine" in s and "+ acme-dev-administrator" not in s
    assert "+ zurich-readonly" in s and "Zürich (222222222222) / ReadOnlyAccess" in s
    # Editing the template re-plans at once; a bad one says why and plans nothing.
    tmux.send("C-u")
    tmux.type("{role_name}")
    tmux.wait_for("Template: the template needs {role_name} and {account_name} or {account_id}")
    tmux.type(".{account_id}")
    tmux.wait_for("+ poweruser.111111111111")
    # Esc cancels: nothing written.
    tmux.send("Escape")
    tmux.wait_gone("Populate ·")
    assert sandbox.config_path.read_bytes() == before

    tmux.send("P")
    tmux.wait_for("Preview: 5 to add")
    tmux.send("Enter")
    tmux.wait_for("Populated acme: 5 added, 0 updated, 0 unchanged, 1 kept (hand-made)")
    assert sandbox.config_path.read_bytes() == ref.read_bytes(), "the TUI writes what `populate` writes"
    prof = profiles(sandbox)
    assert prof["payments-prod-billing"] == {"sso_session": "acme", "sso_account_id": "333333333333",
                                             "sso_role_name": "Billing", "region": "us-east-1",
                                             "sso_tui_generated": "true"}
    assert botocore_key(sandbox, "payments-prod-billing").startswith("ASIA")
    get = [r for r in emu.requests() if r["operation"] == "GetRoleCredentials"][-1]
    assert get["query"]["account_id"] == "333333333333" and get["query"]["role_name"] == "Billing"

    # A second run: nothing to change, nothing written.
    snapshot = sandbox.config_path.read_bytes()
    tmux.send("P")
    tmux.wait_for("Nothing to change: 0 to add, 0 to update, 5 unchanged, 1 kept (hand-made)")
    tmux.send("Enter")
    tmux.wait_for("Nothing to write")
    assert sandbox.config_path.read_bytes() == snapshot

    # The org shrinks: payments prod loses Billing; acme-dev loses PowerUserAccess.
    org = json.loads(json.dumps(ORG))
    org["accounts"][2]["roles"] = ["PowerUserAccess"]
    org["accounts"][0]["roles"] = ["AdministratorAccess"]
    emu.set_org(org)
    emu.clear_requests()
    tmux.send("R")
    # The reload has reached the portal for every account (so the screen below is the new listing,
    # not the old one before R was read), then it has finished on screen.
    deadline = time.monotonic() + 20
    while len([r for r in emu.requests("ListAccountRoles") if r["status"] == 200]) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len([r for r in emu.requests("ListAccountRoles") if r["status"] == 200]) >= 4
    wait_listed(tmux, 4)
    # From the Roles pane of payments prod: only that account is planned, and pruned.
    tmux.send("/")
    tmux.type("payments")
    tmux.send("Enter")
    tmux.wait_for("Roles · payments prod")
    tmux.wait_for("→ payments-prod-poweruser")
    tmux.send("P")
    s = tmux.wait_for("Nothing to change: 0 to add, 0 to update, 1 unchanged, 1 stale (prune removes them)")
    assert "Populate · payments prod (333333333333)" in s
    assert "? payments-prod-billing" in s and "acme-dev-poweruser" not in s
    # Prune: yes (Tab to the last field, open its pick-list, choose yes).
    for _ in range(3):
        tmux.send("Tab")
    tmux.send("Down")
    tmux.type("yes")
    tmux.send("Enter")
    tmux.wait_for("Preview: 0 to add, 0 to update, 1 unchanged, 1 to remove")
    tmux.wait_for("- payments-prod-billing")
    tmux.send("Enter")
    tmux.wait_for("Populated acme: 0 added, 0 updated, 1 unchanged, 1 removed")
    prof = profiles(sandbox)
    assert "payments-prod-billing" not in prof
    assert "acme-dev-poweruser" in prof, "another account's stale profile is not this populate's to prune"
    assert set(prof) == {"default", "mine", "acme-dev-poweruser", "zurich-readonly",
                         "payments-prod-poweruser", "mine-admin"}
    text = sandbox.config_path.read_text()
    assert text.startswith(before.decode())
    tmux.send("q")
    assert tmux.wait_exit() == 0 and tmux.stty_restored()


def test_console_and_export_lines_for_a_role(tui_bin, sandbox, tmux, emulator_factory, tmp_path):
    emu = prepared(tui_bin, sandbox, emulator_factory, tmp_path)
    opened = sandbox.stand_in_browser(tmp_path)
    start(tmux, tui_bin, sandbox, 120, 40)
    tmux._tmux("set-option", "-g", "set-clipboard", "on")
    wait_listed(tmux, 4)
    tmux.send("Enter")                       # acme-dev (first by name) -> its roles
    tmux.wait_for("Roles · acme-dev")
    tmux.wait_for("AdministratorAccess")
    tmux.send("c")
    tmux.wait_for("Opened the AWS console as AdministratorAccess in 111111111111 (us-east-1)")
    # The browser gets a private file that forwards to the link, never the link itself.
    arg = opened.read_text().strip()
    assert arg.startswith("file:///") and "SigninToken" not in arg, arg
    page = open(arg[len("file://"):]).read()
    url = html.unescape(re.search(r'url=([^"]+)"', page).group(1))
    assert url.startswith(emu.url + "/federation?Action=login&Issuer=https%3A%2F%2Facme.awsapps.com%2Fstart")
    with urllib.request.urlopen(url, timeout=10) as r:
        assert "signed in as 111111111111/AdministratorAccess" in r.read().decode()
    assert "SigninToken" not in tmux.screen()

    # x: export lines for the role go to the clipboard (OSC 52; tmux keeps them as a buffer).
    tmux.send("Down")                        # PowerUserAccess
    tmux.send("x")
    tmux.wait_for("Copied export lines for PowerUserAccess in 111111111111 to the clipboard")
    buf = ""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and "AWS_SESSION_TOKEN" not in buf:
        buf = tmux._tmux("show-buffer", check=False).stdout
        time.sleep(0.05)
    lines = buf.strip().splitlines()
    assert [l.split("=")[0] for l in lines] == ["export AWS_ACCESS_KEY_ID", "export AWS_SECRET_ACCESS_KEY",
                                                 "export AWS_SESSION_TOKEN", "export AWS_CREDENTIAL_EXPIRATION"], buf
    env = dict(l[len("export "):].split("=", 1) for l in lines)
    # They are the role's credentials, from the cache AWS CLI v2 uses: the CLI reads them back
    # for a profile of that role without a new GetRoleCredentials.
    sandbox.config_path.write_text(sandbox.config_path.read_text()
                                   + "\n[profile pu]\nsso_session = acme\nsso_account_id = 111111111111\n"
                                     "sso_role_name = PowerUserAccess\n")
    emu.clear_requests()
    p = cli(tui_bin, sandbox, "export-credentials", "--profile", "pu", "--format", "env-no-export")
    assert p.returncode == 0, p.stderr
    assert dict(l.split("=", 1) for l in p.stdout.strip().splitlines())["AWS_SECRET_ACCESS_KEY"] == env["AWS_SECRET_ACCESS_KEY"]
    assert "GetRoleCredentials" not in [r["operation"] for r in emu.requests()]
    # No secret was ever drawn.
    screen = tmux.screen()
    for secret in secrets_of(sandbox):
        assert secret not in screen
    tmux.send("q")
    assert tmux.wait_exit() == 0 and tmux.stty_restored()


def test_pkce_chosen_on_the_login_screen(tui_bin, sandbox, tmux, emulator_factory, tmp_path):
    org_file = tmp_path / "org.json"
    org_file.write_text(json.dumps(ORG))
    emu = emulator_factory("--org", str(org_file))      # device codes are never approved by themselves
    sandbox.point_at(emu.url)
    sandbox.write_config(CONFIG.format(account="111111111111", role="AdministratorAccess"))
    opened = tmp_path / "opened"
    # A stand-in browser that shows the emulator's consent page and clicks Approve, then follows
    # the redirect to the TUI's listener. Device codes are never approved in this test.
    br = tmp_path / "browser-approve.sh"
    br.write_text(f"""#!/bin/bash
printf '%s\\n' "$1" >> '{opened}'
case "$1" in *authorize*) ;; *) exit 0;; esac
id=$(curl -s "$1" | grep -o 'name="request" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
loc=$(curl -s -o /dev/null -w '%{{redirect_url}}' -X POST --data-urlencode "request=$id" '{emu.url}/authorize/approve')
[ -n "$loc" ] && curl -s -o /dev/null "$loc"
exit 0
""")
    br.chmod(0o755)
    sandbox.env["BROWSER"] = str(br)
    start(tmux, tui_bin, sandbox, 120, 40)
    tmux.wait_for("logged out")
    tmux.send("Enter")
    s = tmux.wait_for(r"Code: \S+", regex=True)
    assert "Device code flow (works over SSH)" in s and "p switches to the" in s and "authorization code flow (PKCE)" in s, s
    tmux.send("p")
    tmux.wait_for("Logged in to acme", timeout=20)
    wait_listed(tmux, 4)
    kinds = {(a["kind"], a["status"]) for a in emu.authorizations()}
    assert any(k != "device" and st == "approved" for k, st in kinds), kinds
    assert ("device", "approved") not in kinds, kinds
    assert "CreateToken" in [r["operation"] for r in emu.requests()]
    urls = opened.read_text().split()
    assert any("/authorize?" in u and "code_challenge_method=S256" in u for u in urls), urls
    tok = json.loads((sandbox.cache_dir / (hashlib.sha1(b"acme").hexdigest() + ".json")).read_text())
    assert tok["refreshToken"]
    # botocore uses the PKCE token without a new login.
    emu.clear_requests()
    assert botocore_key(sandbox, "mine").startswith("ASIA")
    assert "CreateToken" not in [r["operation"] for r in emu.requests()]
    tmux.send("q")
    assert tmux.wait_exit() == 0 and tmux.stty_restored()



def test_pkce_flag_fixed_port_on_loopback_only_and_cancel(tui_bin, sandbox, tmux, emulator_factory, tmp_path):
    """`--pkce` starts with PKCE; the listener is on 127.0.0.1 only, at the fixed port asked for,
    and Esc closes it."""
    emu = emulator_factory("--accounts", "3")
    sandbox.point_at(emu.url)
    sandbox.write_config(CONFIG.format(account="111111111111", role="AdministratorAccess"))
    port = _free_port()
    tmux.start([tui_bin, "--pkce", "--pkce-port", str(port)], tui_env(sandbox), width=120, height=40)
    tmux.wait_for("logged out")
    tmux.send("Enter")
    s = tmux.wait_for(f"Waiting for the browser to come back to http://127.0.0.1:{port}/oauth/callback")
    assert "Authorization code flow (PKCE)" in s
    tcp = open("/proc/net/tcp").read()
    assert re.search(r"0100007F:%04X 00000000:0000 0A" % port, tcp), "listening on 127.0.0.1"
    assert not re.search(r"00000000:%04X 00000000:0000 0A" % port, tcp), "not on all interfaces"
    tmux.send("Escape")
    tmux.wait_gone("Waiting for the browser")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and re.search(r":%04X 00000000:0000 0A" % port, open("/proc/net/tcp").read()):
        time.sleep(0.05)
    assert not re.search(r":%04X 00000000:0000 0A" % port, open("/proc/net/tcp").read()), "cancel closes the listener"
    assert not (sandbox.cache_dir / (hashlib.sha1(b"acme").hexdigest() + ".json")).exists()
    tmux.send("q")
    assert tmux.wait_exit() == 0 and tmux.stty_restored()


def _iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_several_sessions_soonest_expiry_warning_and_refresh(tui_bin, sandbox, tmux, emulator_factory, tmp_path):
    org_file = tmp_path / "org.json"
    org_file.write_text(json.dumps(ORG))
    emu = emulator_factory("--org", str(org_file), "--auto-approve-after", "0")
    sandbox.point_at(emu.url)
    sandbox.write_config(CONFIG.format(account="111111111111", role="AdministratorAccess") + """
[sso-session dev]
sso_start_url = https://dev.awsapps.com/start
sso_region = us-east-1
""")
    login(tui_bin, sandbox)
    # acme: 5 minutes left, with a refresh token -> refreshed in the background.
    acme = sandbox.cache_dir / (hashlib.sha1(b"acme").hexdigest() + ".json")
    tok = json.loads(acme.read_text())
    now = datetime.now(timezone.utc)
    tok["expiresAt"] = _iso(now + timedelta(minutes=5))
    acme.write_text(json.dumps(tok))
    # dev: 7 minutes left, no refresh token -> a warning.
    dev = sandbox.cache_dir / (hashlib.sha1(b"dev").hexdigest() + ".json")
    dev.write_text(json.dumps({"startUrl": "https://dev.awsapps.com/start", "region": "us-east-1",
                               "accessToken": "not-a-real-token", "expiresAt": _iso(now + timedelta(minutes=7))}))
    emu.clear_requests()
    start(tmux, tui_bin, sandbox, 120, 40)
    s = tmux.wait_for("dev: the SSO token expires in 6m")
    assert "select the session and press l to log in again" in s
    # The refresh happened: the token file moved on, with a refresh-token grant at the emulator.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and json.loads(acme.read_text())["expiresAt"] == tok["expiresAt"]:
        time.sleep(0.05)
    new = json.loads(acme.read_text())
    assert new["expiresAt"] > _iso(now + timedelta(minutes=30)), new["expiresAt"]
    ops = [r["operation"] for r in emu.requests()]
    assert ops.count("CreateToken") == 1 and "StartDeviceAuthorization" not in ops, ops
    assert new["refreshToken"] != tok["refreshToken"], "the refresh-token grant (the emulator rotates refresh tokens)"
    # The status line shows the soonest expiry of all sessions: dev's.
    s = tmux.wait_for(r"next expiry: dev [67]m", regex=True)
    sessions = [l for l in s.splitlines() if "acme" in l or "dev" in l]
    assert any(re.search(r"acme\s+● (\d+h )?[3-5]\dm", l) for l in sessions), s
    # botocore accepts the refreshed token as it is (no new CreateToken).
    emu.clear_requests()
    assert botocore_key(sandbox, "mine").startswith("ASIA")
    assert "CreateToken" not in [r["operation"] for r in emu.requests()]
    # A logout elsewhere (the token file is gone) is noticed without a restart (tokens are re-read every 30 s).
    dev.unlink()
    tmux.wait_for(r"token: acme (\d+h )?[3-5]\dm", regex=True, timeout=40)
    tmux.send("q")
    assert tmux.wait_exit() == 0 and tmux.stty_restored()


def test_cached_tree_at_once_then_refreshed_in_place(tui_bin, sandbox, tmux, emulator_factory, tmp_path):
    """Instant start: the tree of the last run is drawn at once; the live listing (which asks for
    the cached accounts' roles beside the first account page) then applies the org's changes in
    place, and an account whose access is gone disappears without an error."""
    org_file = tmp_path / "org.json"
    org_file.write_text(json.dumps(ORG))
    emu = emulator_factory("--org", str(org_file), "--auto-approve-after", "0", "--latency-ms", "300")
    sandbox.point_at(emu.url)
    sandbox.write_config(CONFIG.format(account="111111111111", role="AdministratorAccess"))
    login(tui_bin, sandbox)
    start(tmux, tui_bin, sandbox, 120, 40)
    wait_listed(tmux, 4)
    tmux.send("q")
    assert tmux.wait_exit() == 0
    tmux.kill()
    # Meanwhile: Zürich's access is removed, an account renamed, one added.
    org = json.loads(json.dumps(ORG))
    org["accounts"] = [a for a in org["accounts"] if a["accountId"] != "222222222222"]
    org["accounts"][1]["accountName"] = "payments live"
    org["accounts"].append({"accountId": "555555555555", "accountName": "sandbox", "roles": ["Dev"]})
    emu.set_org(org)
    emu.clear_requests()
    start(tmux, tui_bin, sandbox, 120, 40)
    # At once, before any answer (each takes 300 ms): the cached tree.
    s = tmux.wait_for("Zürich", timeout=5)
    assert "payments prod" in s and "sandbox" not in s, s
    s = wait_listed(tmux, 4)
    assert "Zürich" not in s and "payments prod" not in s, s
    assert "payments live" in s and "sandbox" in s, s
    assert "No access" not in s and "ResourceNotFound" not in s and "fail" not in s.lower(), s
    reqs = emu.requests()
    first_page = next(r for r in reqs if r["operation"] == "ListAccounts")
    roles = [r for r in reqs if r["operation"] == "ListAccountRoles"]
    asked = [r["query"].get("account_id") for r in roles]
    # The cached accounts (Zürich too) were asked for while the first account page was on its way.
    early = {r["query"].get("account_id") for r in roles
             if r["timestamp"] < first_page["timestamp"] + first_page["durationMs"]}
    assert early == {"111111111111", "222222222222", "333333333333", "444444444444"}, (early, reqs)
    assert sorted(asked) == sorted(["111111111111", "222222222222", "333333333333", "444444444444", "555555555555"]), asked
    # The new account's roles are there.
    tmux.send("/")
    tmux.type("sandbox")
    tmux.send("Enter")
    tmux.wait_for("Dev")
    tmux.send("q")
    assert tmux.wait_exit() == 0 and tmux.stty_restored()
