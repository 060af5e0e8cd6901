"""Compat profiles: one aws-sso-tui login serves botocore, the AWS CLI and the old Go SDK v2
(Debian 12's golang-github-aws-aws-sdk-go-v2-dev, config 1.17, no sso-session support)."""
import hashlib
import json
import os
import pathlib
import shutil
import stat
import subprocess

import pytest

from conftest import run_botocore

START = "https://acme.awsapps.com/start"
HERE = pathlib.Path(__file__).resolve().parent


def cli(tui_bin, sandbox, *args, timeout=60):
    return subprocess.run([tui_bin, *args], env=sandbox.env, capture_output=True, text=True, timeout=timeout)


def ok(p):
    assert p.returncode == 0, (p.returncode, p.stdout, p.stderr)
    return p


@pytest.fixture(scope="module")
def goprobe(tmp_path_factory):
    """The probe built offline in GOPATH mode against Debian's packaged SDK (no network)."""
    if shutil.which("go") is None or not pathlib.Path("/usr/share/gocode/src/github.com/aws/aws-sdk-go-v2/config").is_dir():
        pytest.fail("go or golang-github-aws-aws-sdk-go-v2-dev missing; run scripts/deps.sh")
    d = tmp_path_factory.mktemp("gopath")
    src = d / "src" / "compatprobe"
    src.mkdir(parents=True)
    shutil.copy(HERE / "goprobe" / "main.go", src / "main.go")
    out = d / "compatprobe"
    env = dict(os.environ, GO111MODULE="off", GOPATH=f"{d}:/usr/share/gocode", GOPROXY="off", GOFLAGS="",
               GOCACHE=str(d / "cache"))
    subprocess.run(["go", "build", "-o", str(out), "."], cwd=src, env=env, check=True, timeout=300)
    return str(out)


def test_one_login_serves_botocore_aws_cli_and_old_go_sdk(tui_bin, sandbox, emulator_factory, goprobe):
    emu = emulator_factory("--accounts", "3", "--auto-approve-after", "0")
    sandbox.point_at(emu.url)
    ok(cli(tui_bin, sandbox, "sessions", "add", "acme", "--start-url", START, "--region", "us-east-1", "--compat"))
    assert "sso_tui_compat = true" in sandbox.config_path.read_text()
    ok(cli(tui_bin, sandbox, "login", "--session", "acme", "--no-browser"))
    ok(cli(tui_bin, sandbox, "populate"))
    text = sandbox.config_path.read_text()
    acct = emu.org()["accounts"][0]
    name = [l[len("[profile "):-1] for l in text.splitlines() if l.startswith("[profile ")][0]
    sec = text.split(f"[profile {name}]")[1].split("\n\n")[0]
    assert f"sso_start_url = {START}" in sec and "sso_region = us-east-1" in sec and "sso_session = acme" in sec

    # Both token files, the same token, 0600.
    by_name = sandbox.cache_dir / (hashlib.sha1(b"acme").hexdigest() + ".json")
    by_url = sandbox.cache_dir / (hashlib.sha1(START.encode()).hexdigest() + ".json")
    assert json.loads(by_url.read_text())["accessToken"] == json.loads(by_name.read_text())["accessToken"]
    assert stat.S_IMODE(by_url.stat().st_mode) == 0o600
    st = json.loads(ok(cli(tui_bin, sandbox, "status", "--json")).stdout)["sessions"][0]
    assert st["compatCacheFile"] == str(by_url) and st["loggedIn"]
    assert "compat" in ok(cli(tui_bin, sandbox, "status")).stdout

    # botocore (what the AWS CLI v2 is built on) accepts the profile and gets credentials.
    creds = run_botocore(sandbox, f"""
import json, botocore.session
c = botocore.session.Session(profile={name!r}).get_credentials().get_frozen_credentials()
print(json.dumps(c.access_key))
""")
    assert creds.startswith("ASIA")
    # The AWS CLI (v1 from pip here; v2 is not installable offline) signs a request with them.
    if shutil.which("aws"):
        emu.clear_requests()
        subprocess.run(["aws", "sts", "get-caller-identity", "--profile", name, "--endpoint-url", emu.url + "/sts"],
                       env=sandbox.env, capture_output=True, text=True, timeout=60)
        got = emu.requests("GetRoleCredentials")
        assert got and got[0]["query"]["account_id"] in {a["accountId"] for a in emu.org()["accounts"]}
    # The old Go SDK reads only sso_start_url profiles and the start-URL token file.
    g = subprocess.run([goprobe, name], env=dict(sandbox.env, EMULATOR_URL=emu.url), capture_output=True, text=True, timeout=60)
    assert g.returncode == 0, g.stderr
    assert g.stdout.strip().startswith("ASIA")

    # Without compat the old SDK cannot use the same login: prove the probe is a real judge.
    by_url.unlink()
    g = subprocess.run([goprobe, name], env=dict(sandbox.env, EMULATOR_URL=emu.url), capture_output=True, text=True, timeout=60)
    assert g.returncode != 0

    # A new login writes both again; logout removes both.
    ok(cli(tui_bin, sandbox, "login", "--session", "acme", "--no-browser"))
    assert by_url.exists()
    ok(cli(tui_bin, sandbox, "logout", "--session", "acme"))
    assert not by_url.exists() and not by_name.exists()


def test_populate_compat_marks_the_session_and_updates_profiles(tui_bin, sandbox, emulator_factory):
    emu = emulator_factory("--accounts", "2", "--auto-approve-after", "0")
    sandbox.point_at(emu.url)
    ok(cli(tui_bin, sandbox, "sessions", "add", "acme", "--start-url", START, "--region", "us-east-1"))
    ok(cli(tui_bin, sandbox, "login", "--session", "acme", "--no-browser"))
    ok(cli(tui_bin, sandbox, "populate"))
    assert sandbox.config_path.read_text().count("sso_start_url") == 1   # the session's own
    p = ok(cli(tui_bin, sandbox, "populate", "--compat"))
    text = sandbox.config_path.read_text()
    assert "sso_tui_compat = true" in text
    assert text.count(f"sso_start_url = {START}") == text.count("[profile ") + 1
    assert "updated" in p.stdout
    # botocore reads every profile as meant.
    profs = run_botocore(sandbox, """
import json, botocore.session
print(json.dumps(botocore.session.Session().full_config["profiles"]))
""")
    gen = [v for v in profs.values() if v.get("sso_tui_generated") == "true"]
    assert gen and all(v["sso_start_url"] == START and v["sso_region"] == "us-east-1" and v["sso_session"] == "acme" for v in gen)


def test_profiles_add_on_a_compat_session_carries_start_url_and_region(tui_bin, sandbox):
    ok(cli(tui_bin, sandbox, "sessions", "add", "acme", "--start-url", START, "--region", "eu-west-1", "--compat"))
    ok(cli(tui_bin, sandbox, "profiles", "add", "dev", "--session", "acme", "--account", "111111111111", "--role", "Admin"))
    profs = run_botocore(sandbox, """
import json, botocore.session
print(json.dumps(botocore.session.Session().full_config["profiles"]))
""")
    assert profs["dev"]["sso_start_url"] == START and profs["dev"]["sso_region"] == "eu-west-1"
    assert profs["dev"]["sso_session"] == "acme"


def test_the_tui_session_form_makes_a_compat_session(tui_bin, sandbox, tmux):
    import configparser
    sandbox.write_config("# mine\n")
    tmux.start([tui_bin], dict(sandbox.env, LANG="C.UTF-8", ESCDELAY="25"), width=100, height=30)
    tmux.wait_for("First run")
    tmux.type("acme")
    tmux.send("Tab")
    tmux.type("acme")
    tmux.send("Tab")                 # region: us-east-1
    tmux.send("Tab")                 # scopes
    tmux.send("Tab")                 # Old SDKs: no
    tmux.type("yes")                 # the pick-list, filtered
    tmux.wait_for("yes")
    tmux.send("Enter")               # choose it
    tmux.wait_until(lambda s: "Old SDKs: yes" in s, "the compat choice")
    tmux.send("Enter")               # save
    tmux.wait_for("Saved sso-session acme")
    text = sandbox.config_path.read_text()
    assert text.startswith("# mine\n"), text
    cp = configparser.RawConfigParser()
    cp.read_string(text)
    sec = cp["sso-session acme"]
    assert sec["sso_start_url"] == "https://acme.awsapps.com/start" and sec["sso_tui_compat"] == "true", text
    # botocore reads the session as it is (it ignores the marker key).
    import botocore.session
    s = botocore.session.Session()
    s.set_config_variable("config_file", str(sandbox.config_path))
    assert s.full_config["sso_sessions"]["acme"]["sso_region"] == "us-east-1"
    tmux.send("q")
    assert tmux.wait_exit() == 0
