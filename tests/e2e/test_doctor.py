"""`doctor`: each cause of "AWS SSO is not working", created in a temporary HOME, gets exactly its
finding and nothing else; `--fix` repairs what it safely can (and logs in on a terminal), after
which botocore gets credentials for every profile of the logged-in session without a new login."""
import hashlib
import json
import os
import stat
import subprocess
import time

import pytest

from conftest import run_botocore
from test_cli_sso import BOTOCORE_CREDS

CONFIG = """\
# kept as it is
[sso-session acme]
sso_start_url = https://acme.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile dev]
sso_session = acme
sso_account_id = {a1}
sso_role_name = {r1}
region = eu-west-1

[profile ops]
sso_session = acme
sso_account_id = {a2}
sso_role_name = {r2}
"""


def sha1(s):
    return hashlib.sha1(s.encode()).hexdigest()


def iso(offset):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + offset))


def cli(tui_bin, sandbox, *args, env=None, timeout=60):
    # start_new_session: no controlling terminal, so --fix cannot offer a login.
    return subprocess.run([tui_bin, *args], env=env or sandbox.env, capture_output=True, text=True,
                          timeout=timeout, start_new_session=True)


def doctor(tui_bin, sandbox, *args, env=None):
    p = cli(tui_bin, sandbox, "doctor", "--json", *args, env=env)
    assert p.returncode in (0, 1), p.stderr
    findings = json.loads(p.stdout)
    for f in findings:
        assert sorted(f) == ["check", "fix", "message", "status", "subject"]
        assert f["status"] in ("ok", "warn", "fail")
    return p, findings


def problems(findings):
    return sorted((f["check"], f["status"], f["subject"]) for f in findings if f["status"] != "ok")


@pytest.fixture
def home(tui_bin, sandbox, emulator_factory):
    """A healthy HOME: sso-session acme logged in (real device-code login against the emulator)."""
    emu = emulator_factory("--accounts", "4", "--auto-approve-after", "0")
    accts = emu.org()["accounts"]
    sandbox.point_at(emu.url)
    sandbox.write_config(CONFIG.format(a1=accts[0]["accountId"], r1=accts[0]["roles"][0],
                                       a2=accts[1]["accountId"], r2=accts[1]["roles"][0]))
    p = cli(tui_bin, sandbox, "login", "--session", "acme", "--no-browser")
    assert p.returncode == 0, p.stderr
    sandbox.emu = emu
    sandbox.token_path = sandbox.cache_dir / (sha1("acme") + ".json")
    sandbox.role_cache = sandbox.aws / "cli" / "cache"
    return sandbox


def secrets(sandbox):
    tok = json.loads(sandbox.token_path.read_text())
    return [tok["accessToken"], tok["refreshToken"], tok["clientSecret"]]


def edit_token(sandbox, **changes):
    tok = json.loads(sandbox.token_path.read_text())
    for k, v in changes.items():
        if v is None:
            tok.pop(k, None)
        else:
            tok[k] = v
    sandbox.token_path.write_text(json.dumps(tok))


def test_healthy_home_reports_only_ok(tui_bin, home):
    p, findings = doctor(tui_bin, home)
    assert p.returncode == 0, p.stdout
    assert problems(findings) == []
    checks = {f["check"] for f in findings}
    assert {"config-parse", "profile-session-missing", "session-duplicate-start-url", "env-credentials-shadow",
            "env-profile-missing", "env-profile-conflict", "env-ca-bundle-missing", "token-expired",
            "cache-permissions", "cache-orphan", "cache-unreadable"} <= checks
    assert [f["subject"] for f in findings if f["check"] == "token-expired"] == ["sso-session acme"]
    # Text: one line per finding, all ok; with --online the endpoints and the clock are ok too.
    t = cli(tui_bin, home, "doctor", "--online")
    assert t.returncode == 0, t.stdout + t.stderr
    lines = t.stdout.splitlines()
    assert lines and all(l.startswith("ok ") for l in lines), t.stdout
    assert any("endpoint-unreachable" in l for l in lines) and any("clock-skew" in l for l in lines)
    for s in secrets(home):
        assert s not in p.stdout + p.stderr + t.stdout + t.stderr


def set_env(**kv):
    def f(s):
        s.env.update(kv)
    return f


def cause_config_parse(s):
    s.config_path.write_text(s.config_path.read_text() + "this line has no delimiter\n")
    return [("config-parse", "fail", f"{s.config_path}:17")]


def cause_profile_session_missing(s):
    s.config_path.write_text(s.config_path.read_text() + "\n[profile stray]\nsso_session = gone\nsso_account_id = 1\nsso_role_name = r\n")
    return [("profile-session-missing", "fail", "profile stray")]


def cause_duplicate_start_url(s):
    s.config_path.write_text(s.config_path.read_text()
                             + "\n[sso-session twin]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n")
    # twin is logged in too (its own token), so only the duplicate is reported.
    (s.cache_dir / (sha1("twin") + ".json")).write_text(s.token_path.read_text())
    os.chmod(s.cache_dir / (sha1("twin") + ".json"), 0o600)
    return [("session-duplicate-start-url", "warn", "sso-session twin")]


def cause_env_credentials(s):
    s.env.update(AWS_ACCESS_KEY_ID="AKIAEXAMPLEENVKEY", AWS_SECRET_ACCESS_KEY="env-secret-value", AWS_PROFILE="dev")
    return [("env-credentials-shadow", "fail", "AWS_ACCESS_KEY_ID")]


def cause_env_profile_missing(s):
    s.env["AWS_PROFILE"] = "prod"
    return [("env-profile-missing", "fail", "AWS_PROFILE")]


def cause_env_profile_conflict(s):
    s.env.update(AWS_PROFILE="dev", AWS_DEFAULT_PROFILE="ops")
    return [("env-profile-conflict", "fail", "AWS_PROFILE")]


def cause_env_ca_bundle(s):
    s.env["AWS_CA_BUNDLE"] = str(s.home / "no-such-bundle.pem")
    return [("env-ca-bundle-missing", "fail", "AWS_CA_BUNDLE")]


def cause_token_missing(s):
    s.token_path.unlink()
    return [("token-missing", "fail", "sso-session acme")]


def cause_token_expired(s):
    edit_token(s, expiresAt=iso(-600), refreshToken=None)
    return [("token-expired", "fail", "sso-session acme")]


def cause_token_expiring(s):
    edit_token(s, expiresAt=iso(300), refreshToken=None)
    return [("token-expiring", "warn", "sso-session acme")]


def cause_token_mismatch(s):
    s.config_path.write_text(s.config_path.read_text().replace("https://acme.awsapps.com/start", "https://acme-new.awsapps.com/start"))
    return [("token-session-mismatch", "fail", "sso-session acme")]


def cause_registration_expired(s):
    edit_token(s, registrationExpiresAt=iso(-60))
    return [("registration-expired", "fail", "sso-session acme")]


def cause_cache_permissions(s):
    os.chmod(s.token_path, 0o644)
    return [("cache-permissions", "fail", str(s.token_path))]


def cause_cache_orphan(s):
    orphan = s.cache_dir / (sha1("acme-before-rename") + ".json")
    orphan.write_text(s.token_path.read_text())
    os.chmod(orphan, 0o600)
    return [("cache-orphan", "warn", str(orphan))]


def cause_cache_unreadable(s):
    bad = s.cache_dir / (sha1("half-written") + ".json")
    bad.write_text('{"accessToken": "aoa-half", "expi')
    os.chmod(bad, 0o600)
    return [("cache-unreadable", "fail", str(bad))]


CAUSES = [cause_config_parse, cause_profile_session_missing, cause_duplicate_start_url, cause_env_credentials,
          cause_env_profile_missing, cause_env_profile_conflict, cause_env_ca_bundle, cause_token_missing,
          cause_token_expired, cause_token_expiring, cause_token_mismatch, cause_registration_expired,
          cause_cache_permissions, cause_cache_orphan, cause_cache_unreadable]


@pytest.mark.parametrize("cause", CAUSES, ids=[c.__name__[6:] for c in CAUSES])
def test_each_cause_gets_exactly_its_finding(tui_bin, home, cause):
    want = cause(home)
    p, findings = doctor(tui_bin, home)
    assert problems(findings) == sorted(want), p.stdout
    assert p.returncode == (1 if any(w[1] == "fail" for w in want) else 0)
    if p.returncode == 1:
        assert len(p.stderr.strip().splitlines()) == 1 and "failed" in p.stderr
    bad = [f for f in findings if f["status"] != "ok"]
    assert all(f["fix"] for f in bad), bad
    out = p.stdout + p.stderr
    for secret in ("env-secret-value", "aoa-half"):
        assert secret not in out
    if home.token_path.exists():
        try:
            for s in secrets(home):
                assert s not in out
        except (KeyError, json.JSONDecodeError):
            pass


def test_online_clock_skew(tui_bin, sandbox, emulator_factory):
    emu = emulator_factory("--accounts", "2", "--auto-approve-after", "0", "--clock-skew", "900")
    accts = emu.org()["accounts"]
    sandbox.point_at(emu.url)
    sandbox.write_config(CONFIG.format(a1=accts[0]["accountId"], r1=accts[0]["roles"][0],
                                       a2=accts[1]["accountId"], r2=accts[1]["roles"][0]))
    assert cli(tui_bin, sandbox, "login", "--session", "acme", "--no-browser").returncode == 0
    p, findings = doctor(tui_bin, sandbox, "--online")
    assert problems(findings) == [("clock-skew", "fail", "clock")], p.stdout
    f = next(f for f in findings if f["check"] == "clock-skew")
    assert "15m behind" in f["message"], f
    # Without --online nothing is asked.
    emu.clear_requests()
    p, findings = doctor(tui_bin, sandbox)
    assert problems(findings) == [] and emu.requests() == []


def test_online_endpoint_unreachable(tui_bin, home):
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    closed = s.getsockname()[1]
    s.close()
    home.env["AWS_ENDPOINT_URL_SSO"] = f"http://127.0.0.1:{closed}"
    start = time.monotonic()
    p, findings = doctor(tui_bin, home, "--online")
    assert time.monotonic() - start < 10
    assert problems(findings) == [("endpoint-unreachable", "fail", "sso-session acme")], p.stdout
    f = next(f for f in findings if f["check"] == "endpoint-unreachable")
    assert f"127.0.0.1:{closed}" in f["message"]
    # The OIDC endpoint answered and the clock was measured from... nothing: the portal is down.
    assert not any(f["check"] == "clock-skew" for f in findings)


def test_fix_repairs_everything_then_botocore_needs_no_login(tui_bin, home):
    """Every fixable cause at once (and a second, expired session with cached role credentials);
    --fix repairs them, a second doctor has no fail left that --fix could repair, and botocore
    gets credentials for both profiles of acme without a CreateToken."""
    s = home
    # An expired session "old" (legacy-style token without refresh) with a cached role-credential file.
    s.config_path.write_text(s.config_path.read_text()
                             + "\n[sso-session old]\nsso_start_url = https://old.awsapps.com/start\nsso_region = us-east-1\n"
                             + "\n[profile old-admin]\nsso_session = old\nsso_account_id = 999999999999\nsso_role_name = Admin\n")
    old_token = s.cache_dir / (sha1("old") + ".json")
    old_token.write_text(json.dumps({"startUrl": "https://old.awsapps.com/start", "region": "us-east-1",
                                     "accessToken": "aoa-old", "expiresAt": iso(-3600)}))
    os.chmod(old_token, 0o600)
    s.role_cache.mkdir(parents=True, mode=0o700)
    key = sha1(json.dumps({"accountId": "999999999999", "roleName": "Admin", "sessionName": "old"},
                          sort_keys=True, separators=(",", ":")))
    old_creds = s.role_cache / f"{key}.json"
    old_creds.write_text(json.dumps({"ProviderType": "sso", "Credentials": {
        "AccessKeyId": "ASIAOLD", "SecretAccessKey": "old-secret", "SessionToken": "t", "Expiration": iso(1800)}}))
    os.chmod(old_creds, 0o600)
    # Other tools' files in the cache stay whatever happens.
    keep = [s.cache_dir / "kiro-auth-token.json", s.role_cache / (sha1("assume-role") + ".json")]
    keep[0].write_text('{"accessToken": "someone else\'s"}')
    keep[1].write_text(json.dumps({"Credentials": {"AccessKeyId": "A"}}))
    for k in keep:
        os.chmod(k, 0o600)
    want = []
    for cause in (cause_cache_permissions, cause_cache_orphan, cause_cache_unreadable):
        want += cause(s)
    os.chmod(s.cache_dir, 0o755)
    want += [("cache-permissions", "warn", str(s.cache_dir)), ("token-expired", "fail", "sso-session old")]
    p, findings = doctor(tui_bin, s)
    assert problems(findings) == sorted(want), p.stdout
    valid = s.token_path.read_text()

    p = cli(tui_bin, s, "doctor", "--fix")
    assert p.returncode == 1, p.stdout + p.stderr   # "old" still needs a login, and there is no terminal
    out = p.stdout
    assert f"fixed  cache-permissions  {s.cache_dir}: mode 0755 -> 0700" in out
    assert f"fixed  cache-permissions  {s.token_path}: mode 0644 -> 0600" in out
    assert "removed (orphan token)" in out and "removed (unreadable cache file)" in out
    assert f"fixed  token-expired  {old_creds}: removed" in out
    assert "not fixed  login  sso-session old: no terminal to log in on; run: aws-sso-tui login --session old" in out
    for sec in secrets(s) + ["old-secret", "aoa-old"]:
        assert sec not in p.stdout + p.stderr

    assert s.token_path.read_text() == valid, "the valid token of acme is untouched"
    assert stat.S_IMODE(s.token_path.stat().st_mode) == 0o600 and stat.S_IMODE(s.cache_dir.stat().st_mode) == 0o700
    assert not old_creds.exists() and old_token.exists()
    assert all(k.exists() for k in keep)
    p, findings = doctor(tui_bin, s)
    assert problems(findings) == [("token-expired", "fail", "sso-session old")], p.stdout

    s.emu.clear_requests()
    for prof in ("dev", "ops"):
        creds = run_botocore(s, BOTOCORE_CREDS.format(profile=prof))
        assert creds["ak"].startswith("ASIA")
    ops = [r["operation"] for r in s.emu.requests()]
    assert "GetRoleCredentials" in ops
    assert "CreateToken" not in ops and "StartDeviceAuthorization" not in ops, ops


def test_fix_on_a_terminal_offers_the_login(tui_bin, home, tmux):
    s = home
    cause_token_missing(s)
    s.env.pop("AWS_SSO_TUI_NO_LOGIN", None)   # the login is offered on a terminal (the sandbox turns it off)
    tmux.start([tui_bin, "doctor", "--fix"], s.env, width=160, height=40)
    tmux.wait_for("Log in to sso-session acme (https://acme.awsapps.com/start) now? [Y/n]")
    tmux.type("y")
    tmux.send("Enter")
    screen = tmux.wait_for("fixed  login  sso-session acme: logged in", timeout=30)
    assert tmux.wait_exit() == 0, screen
    assert "user_code=" in screen
    p, findings = doctor(tui_bin, s)
    assert p.returncode == 0 and problems(findings) == [], p.stdout
    s.emu.clear_requests()
    for prof in ("dev", "ops"):
        assert run_botocore(s, BOTOCORE_CREDS.format(profile=prof))["ak"].startswith("ASIA")
    assert "CreateToken" not in [r["operation"] for r in s.emu.requests()]


def test_fix_login_declined_changes_nothing(tui_bin, home, tmux):
    s = home
    cause_token_missing(s)
    s.emu.clear_requests()
    s.env.pop("AWS_SSO_TUI_NO_LOGIN", None)   # the login is offered on a terminal (the sandbox turns it off)
    tmux.start([tui_bin, "doctor", "--fix"], s.env, width=160, height=40)
    tmux.wait_for("now? [Y/n]")
    tmux.type("n")
    tmux.send("Enter")
    screen = tmux.wait_for("not fixed  login  sso-session acme: not logged in")
    assert tmux.wait_exit() == 1, screen
    assert not s.token_path.exists()
    assert s.emu.requests() == []


def test_session_filter_and_unknown_session(tui_bin, home):
    s = home
    s.config_path.write_text(s.config_path.read_text()
                             + "\n[sso-session beta]\nsso_start_url = https://beta.awsapps.com/start\nsso_region = us-east-1\n")
    p, findings = doctor(tui_bin, s)
    assert problems(findings) == [("token-missing", "fail", "sso-session beta")]
    p, findings = doctor(tui_bin, s, "--session", "acme")
    assert p.returncode == 0 and problems(findings) == []
    p = cli(tui_bin, s, "doctor", "--session", "nope")
    assert p.returncode == 1 and "nope" in p.stderr and p.stdout == ""


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_token_of_another_owner_is_taken_back(tui_bin, home):
    """`sudo aws sso login` leaves root's files in a user's cache; here (the tests run as root)
    a file of uid 4242 stands in: --fix rewrites it as ours, same bytes, 0600."""
    s = home
    before = s.token_path.read_bytes()
    os.chown(s.token_path, 4242, 4242)
    os.chmod(s.token_path, 0o644)
    p, findings = doctor(tui_bin, s)
    assert problems(findings) == [("cache-permissions", "fail", str(s.token_path))], p.stdout
    assert "owned by user 4242" in next(f["message"] for f in findings if f["status"] == "fail")
    p = cli(tui_bin, s, "doctor", "--fix")
    assert p.returncode == 0, p.stdout + p.stderr
    assert f"fixed  cache-permissions  {s.token_path}: now yours, mode 0600 (same content)" in p.stdout
    st = s.token_path.stat()
    assert st.st_uid == os.geteuid() and stat.S_IMODE(st.st_mode) == 0o600
    assert s.token_path.read_bytes() == before


def tui_env(sandbox):
    env = dict(sandbox.env)
    env.setdefault("LANG", "C.UTF-8")
    env["ESCDELAY"] = "25"
    return env


def test_tui_shows_the_problem_count_and_the_findings_and_repairs_files(tui_bin, home, tmux):
    s = home
    orphan_want = cause_cache_orphan(s)
    cause_cache_permissions(s)
    tmux.start([tui_bin], tui_env(s), width=140, height=36)
    screen = tmux.wait_for("doctor: 1 problem (D)")
    assert screen.splitlines()[0].rstrip().endswith("q quit"), screen   # in the top line
    tmux.send("D")
    screen = tmux.wait_for("Doctor: 1 fail, 1 warn")
    assert "fail  cache-permissions" in screen and "warn  cache-orphan" in screen
    assert "f repair 2 file problems" in screen
    for secret in secrets(s):
        assert secret not in screen
    tmux.send("f")
    tmux.wait_for("Repair 2 file problems")
    tmux.send("y")
    screen = tmux.wait_for("Doctor: 0 fail, 0 warn")
    assert "removed (orphan token)" in screen and "mode 0644 -> 0600" in screen
    assert not os.path.exists(orphan_want[0][2])
    assert stat.S_IMODE(s.token_path.stat().st_mode) == 0o600
    tmux.send("Escape")
    tmux.wait_gone("Doctor:")
    tmux.wait_gone("doctor: 1 problem")
    tmux.send("q")
    assert tmux.wait_exit() == 0 and tmux.stty_restored()


def test_tui_counts_only_fails_of_the_sessions_shown_and_global_ones(tui_bin, home, tmux):
    s = home
    s.env["AWS_PROFILE"] = "prod"      # global: every session is affected
    cause_cache_orphan(s)              # a warning: not counted
    tmux.start([tui_bin], tui_env(s), width=140, height=36)
    tmux.wait_for("doctor: 1 problem (D)")
    tmux.send("D")
    screen = tmux.wait_for("Doctor: 1 fail, 1 warn")
    assert "fail  env-profile-missing  AWS_PROFILE" in screen
    assert "f repair 1 file problem" in screen
    tmux.send("q")
    assert tmux.wait_exit() == 0
