"""The network subcommands against the emulator, with botocore as the judge."""
import hashlib
import json
import os
import signal
import stat
import subprocess
import sys
import time

import pytest

from conftest import run_botocore

SESSION_CONFIG = """\
# hand-written comment that must survive
[sso-session acme]
sso_start_url = https://acme.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile dev]
sso_session = acme
sso_account_id = {account}
sso_role_name = {role}
region = eu-west-1
"""


def first_account(emu):
    org = emu.org()
    a = org["accounts"][0]
    return a["accountId"], a["roles"][0]


def setup(sandbox, emu):
    account, role = first_account(emu)
    sandbox.point_at(emu.url)
    sandbox.write_config(SESSION_CONFIG.format(account=account, role=role))
    return account, role


def cli(tui_bin, sandbox, *args, timeout=60, input=None):
    return subprocess.run([tui_bin, *args], env=sandbox.env, capture_output=True, text=True,
                          timeout=timeout, input=input)


def login(tui_bin, sandbox):
    p = cli(tui_bin, sandbox, "login", "--session", "acme", "--no-browser")
    assert p.returncode == 0, p.stderr
    return p


BOTOCORE_CREDS = """
import json, botocore.session
c = botocore.session.Session(profile={profile!r}).get_credentials().get_frozen_credentials()
print(json.dumps({{"ak": c.access_key, "sk": c.secret_key, "st": c.token}}))
"""


def test_login_token_is_used_by_botocore_without_new_login(tui_bin, sandbox, emulator_factory):
    emu = emulator_factory("--accounts", "8", "--auto-approve-after", "1")
    account, role = setup(sandbox, emu)
    p = login(tui_bin, sandbox)
    auths = emu.authorizations()
    assert auths and auths[-1]["userCode"] in p.stdout, "the printed code is the one the emulator issued"
    assert "user_code=" in p.stdout
    # The token file: sha1(session name), 0600, in a 0700 directory, CLI v2 fields.
    path = sandbox.cache_dir / (hashlib.sha1(b"acme").hexdigest() + ".json")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(sandbox.cache_dir.stat().st_mode) == 0o700
    tok = json.loads(path.read_text())
    assert tok["startUrl"] == "https://acme.awsapps.com/start" and tok["region"] == "us-east-1"
    assert tok["expiresAt"].endswith("Z") and "refreshToken" in tok
    # No secret on stdout or stderr.
    for secret in (tok["accessToken"], tok["refreshToken"], tok["clientSecret"]):
        assert secret not in p.stdout and secret not in p.stderr
    emu.clear_requests()
    creds = run_botocore(sandbox, BOTOCORE_CREDS.format(profile="dev"))
    assert creds["ak"].startswith("ASIA")
    ops = [r["operation"] for r in emu.requests()]
    assert "GetRoleCredentials" in ops
    assert "StartDeviceAuthorization" not in ops and "CreateToken" not in ops, ops


def test_after_botocore_refresh_our_commands_still_work_then_logout(tui_bin, sandbox, emulator_factory):
    emu = emulator_factory("--accounts", "5", "--auto-approve-after", "0")
    setup(sandbox, emu)
    login(tui_bin, sandbox)
    path = sandbox.cache_dir / (hashlib.sha1(b"acme").hexdigest() + ".json")
    tok = json.loads(path.read_text())
    # Put the token inside botocore's refresh window; botocore refreshes it and rewrites the file.
    soon = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 300))
    tok["expiresAt"] = soon
    path.write_text(json.dumps(tok))
    run_botocore(sandbox, BOTOCORE_CREDS.format(profile="dev"))
    refreshed = json.loads(path.read_text())
    assert refreshed["accessToken"] != tok["accessToken"], "botocore refreshed the token"
    p = cli(tui_bin, sandbox, "accounts", "--session", "acme", "--json")
    assert p.returncode == 0, p.stderr
    assert len(json.loads(p.stdout)) == 5
    # Logout: the portal session ends and botocore no longer has a token.
    p = cli(tui_bin, sandbox, "logout", "--session", "acme")
    assert p.returncode == 0, p.stderr
    assert not path.exists()
    assert "Logout" in [r["operation"] for r in emu.requests()]
    out = run_botocore(sandbox, """
import json, botocore.session
try:
    botocore.session.Session(profile='dev').get_credentials().get_frozen_credentials()
    print(json.dumps("got credentials"))
except Exception as e:
    print(json.dumps(type(e).__name__))
""")
    assert out in ("SSOTokenLoadError", "UnauthorizedSSOTokenError", "TokenRetrievalError"), out
    p = cli(tui_bin, sandbox, "accounts", "--session", "acme")
    assert p.returncode == 3 and "login" in p.stderr


def test_accounts_and_roles_json_list_exactly_the_org(tui_bin, sandbox, emulator_factory):
    emu = emulator_factory("--accounts", "230", "--auto-approve-after", "0", "--seed", "7")
    setup(sandbox, emu)
    login(tui_bin, sandbox)
    org = emu.org()["accounts"]
    p = cli(tui_bin, sandbox, "accounts", "--json")
    assert p.returncode == 0, p.stderr
    got = json.loads(p.stdout)
    assert sorted(a["accountId"] for a in got) == sorted(a["accountId"] for a in org)
    by_id = {a["accountId"]: a for a in got}
    for a in org:
        assert by_id[a["accountId"]]["accountName"] == a["accountName"]
    assert any(a["accountName"] == "Zürich" for a in got)
    pages = [r for r in emu.requests() if r["operation"] == "ListAccounts"]
    assert len(pages) == 3, "max_result=100 pages through 230 accounts in 3 requests"
    p = cli(tui_bin, sandbox, "roles", "--json")
    assert p.returncode == 0, p.stderr
    pairs = sorted((r["accountId"], r["roleName"]) for r in json.loads(p.stdout))
    want = sorted((a["accountId"], r) for a in org for r in a["roles"])
    assert pairs == want
    one = org[3]
    p = cli(tui_bin, sandbox, "roles", "--account", one["accountId"], "--json")
    assert sorted(r["roleName"] for r in json.loads(p.stdout)) == sorted(one["roles"])
    # Text output is a table with a header.
    p = cli(tui_bin, sandbox, "accounts")
    assert p.stdout.splitlines()[0].startswith("ACCOUNT ID")


def test_not_logged_in_and_expired_exit_3(tui_bin, sandbox, emulator_factory):
    emu = emulator_factory("--accounts", "3", "--auto-approve-after", "0")
    setup(sandbox, emu)
    p = cli(tui_bin, sandbox, "accounts")
    assert p.returncode == 3
    assert "aws-sso-tui login" in p.stderr and len(p.stderr.strip().splitlines()) == 1
    login(tui_bin, sandbox)
    emu.expire_tokens()
    p = cli(tui_bin, sandbox, "roles", "--json")
    assert p.returncode == 3, (p.returncode, p.stderr)
    assert "login" in p.stderr


@pytest.mark.parametrize("mode", ["html500", "truncated", "empty", "hang"])
def test_failure_modes_give_one_line_and_exit_1(tui_bin, sandbox, emulator_factory, mode):
    emu = emulator_factory("--accounts", "3", "--auto-approve-after", "0")
    setup(sandbox, emu)
    login(tui_bin, sandbox)
    emu.set_failure(mode, ops=["ListAccounts"])
    sandbox.env["AWS_SSO_TUI_HTTP_TIMEOUT"] = "2"
    start = time.monotonic()
    p = cli(tui_bin, sandbox, "accounts", timeout=60)
    took = time.monotonic() - start
    assert p.returncode == 1, (p.returncode, p.stdout, p.stderr)
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aws-sso-tui: ListAccounts"), p.stderr
    assert p.stdout == ""
    # hang: one request timing out after 2 s, retried (bounded) — still well under a minute.
    assert took < 40, took


def test_export_credentials_formats_and_credential_process_with_botocore(tui_bin, sandbox, emulator_factory):
    emu = emulator_factory("--accounts", "4", "--auto-approve-after", "0")
    account, role = setup(sandbox, emu)
    login(tui_bin, sandbox)
    with open(sandbox.config_path, "a") as f:
        f.write(f"\n[profile via-process]\ncredential_process = {tui_bin} credential-process --profile dev\n")
    emu.clear_requests()
    creds = run_botocore(sandbox, BOTOCORE_CREDS.format(profile="via-process"))
    assert creds["ak"].startswith("ASIA")
    again = run_botocore(sandbox, BOTOCORE_CREDS.format(profile="via-process"))
    assert again == creds, "second call reuses the cached credentials"
    gets = [r for r in emu.requests() if r["operation"] == "GetRoleCredentials"]
    assert len(gets) == 1, gets
    # The cache file is the one AWS CLI v2 uses.
    key = hashlib.sha1(json.dumps({"accountId": account, "roleName": role, "sessionName": "acme"},
                                  sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    cached = json.loads((sandbox.aws / "cli" / "cache" / f"{key}.json").read_text())
    assert cached["ProviderType"] == "sso" and cached["Credentials"]["AccessKeyId"] == creds["ak"]
    p = cli(tui_bin, sandbox, "export-credentials", "--profile", "dev", "--format", "env")
    lines = p.stdout.splitlines()
    assert lines[0] == f"export AWS_ACCESS_KEY_ID={creds['ak']}"
    assert lines[3].startswith("export AWS_CREDENTIAL_EXPIRATION=") and lines[3].endswith("+00:00")
    p = cli(tui_bin, sandbox, "export-credentials", "--profile", "dev", "--format", "process")
    d = json.loads(p.stdout)
    assert list(d) == ["Version", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"] and d["Version"] == 1
    for fmt, prefix in [("env-no-export", "AWS_ACCESS_KEY_ID="), ("powershell", '$Env:AWS_ACCESS_KEY_ID="'),
                        ("windows-cmd", "set AWS_ACCESS_KEY_ID="), ("fish", 'set -gx AWS_ACCESS_KEY_ID "')]:
        p = cli(tui_bin, sandbox, "export-credentials", "--profile", "dev", "--format", fmt)
        assert p.stdout.startswith(prefix), (fmt, p.stdout[:40])
    assert cli(tui_bin, sandbox, "export-credentials", "--profile", "dev", "--format", "nope").returncode == 2


def test_credential_process_not_logged_in_exits_3(tui_bin, sandbox, emulator_factory):
    emu = emulator_factory("--accounts", "2")
    setup(sandbox, emu)
    p = cli(tui_bin, sandbox, "credential-process", "--profile", "dev")
    assert p.returncode == 3 and "aws-sso-tui login" in p.stderr


def handles_sigint(pid):
    """The process catches SIGINT (its dispatch signal source has installed a handler): Ctrl-C now
    cancels the login instead of killing the process."""
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) & (1 << (signal.SIGINT - 1)))
    return False


def test_ctrl_c_during_login_writes_nothing(tui_bin, sandbox, emulator_factory):
    emu = emulator_factory("--accounts", "2")
    setup(sandbox, emu)
    proc = subprocess.Popen([tui_bin, "login", "--no-browser"], env=sandbox.env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    emu.wait_for_authorization()
    # Ctrl-C once the login is polling (a CreateToken arrived) and its handler has taken SIGINT over.
    deadline = time.monotonic() + 10
    while not (emu.requests("CreateToken") and handles_sigint(proc.pid)) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert emu.requests("CreateToken") and handles_sigint(proc.pid)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 130, (proc.returncode, err)
    assert "cancelled" in err
    assert not (sandbox.cache_dir / (hashlib.sha1(b"acme").hexdigest() + ".json")).exists()


def test_denied_and_expired_logins_fail_with_a_message(tui_bin, sandbox, emulator_factory):
    emu = emulator_factory("--accounts", "2")
    setup(sandbox, emu)
    proc = subprocess.Popen([tui_bin, "login", "--no-browser"], env=sandbox.env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    a = emu.wait_for_authorization()
    emu.deny(a["userCode"])
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 1 and "denied" in err
    short = emulator_factory("--accounts", "2", "--device-code-ttl", "3")
    sandbox.point_at(short.url)
    start = time.monotonic()
    p = cli(tui_bin, sandbox, "login", "--no-browser", timeout=30)
    assert p.returncode == 1 and "expired" in p.stderr
    assert time.monotonic() - start < 15


def test_libcurl_is_loaded_only_for_network_and_a_missing_one_is_one_line(tui_bin, sandbox, emulator_factory):
    """libcurl is not linked: it is loaded (dlopen) on the first request. credential-process from
    the cache never loads it; a command that needs the network and cannot load it says so in one line."""
    ldd = subprocess.run(["ldd", tui_bin], capture_output=True, text=True)
    if ldd.returncode == 0:
        assert "libcurl" not in ldd.stdout, ldd.stdout
    emu = emulator_factory("--accounts", "2", "--auto-approve-after", "0")
    setup(sandbox, emu)
    login(tui_bin, sandbox)
    first = cli(tui_bin, sandbox, "credential-process", "--profile", "dev")
    assert first.returncode == 0, first.stderr
    sandbox.env["AWS_SSO_TUI_LIBCURL"] = "/nonexistent/libcurl.so.4"
    cached = cli(tui_bin, sandbox, "credential-process", "--profile", "dev")
    assert cached.returncode == 0, cached.stderr
    assert json.loads(cached.stdout) == json.loads(first.stdout)
    p = cli(tui_bin, sandbox, "accounts")
    assert p.returncode == 1, (p.returncode, p.stdout, p.stderr)
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aws-sso-tui: ListAccounts"), p.stderr
    assert "libcurl could not be loaded" in lines[0] and "/nonexistent/libcurl.so.4" in lines[0], lines[0]
