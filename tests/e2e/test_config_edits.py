"""Config subcommands (`sessions`, `profiles`) on a realistic hand-written config, judged by the
real botocore: after each kind of edit botocore reads exactly the intended values, and every
section we did not mean to touch is byte-identical."""
import os
import re
import stat
import subprocess

import pytest

FIXTURE = """\
# ~/.aws/config — hand-maintained; other tools write here too
; keep this comment

[default]
region = us-east-1
output = json

# dev account — note the odd spacing and the nested s3 block
[profile dev]
sso_session   =   corp
sso_account_id : 111111111111
sso_role_name = PowerUser
region = eu-west-1 # the text after the value is part of the value
s3 =
    addressing_style = path
    max_concurrent_requests = 20

[profile prod]
sso_session = corp
sso_account_id = 222222222222
sso_role_name = ReadOnly

[profile legacy]
sso_start_url = https://d-9999999999.awsapps.com/start/
sso_region = us-west-2
sso_account_id = 333333333333
sso_role_name = Legacy

[profile 'café ☕']
credential_process = /usr/local/bin/other-tool --profile x
region = ap-northeast-1

[sso-session corp]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[services local]
sso_oidc =
  endpoint_url = http://127.0.0.1:9/oidc

[preview]
cloudfront = true
"""


def cli(tui_bin, sandbox, *args):
    return subprocess.run([tui_bin, *args], env=sandbox.env, capture_output=True, text=True, timeout=60)


def load(sandbox):
    """botocore's full view of the sandbox config (session.full_config), in a patched env."""
    import botocore.session
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(sandbox.env)
    try:
        s = botocore.session.Session()
        return s.full_config
    finally:
        os.environ.clear()
        os.environ.update(saved)


def scoped(sandbox, profile):
    return sandbox.botocore_session(profile).get_scoped_config()


def sections(data: bytes):
    """Raw bytes of each section, keyed by header line (the text before the first header as '')."""
    out, cur = {}, ""
    out[cur] = b""
    for line in data.splitlines(keepends=True):
        if line.lstrip().startswith(b"["):
            cur = line.strip().decode()
            out[cur] = b""
        out[cur] += line
    return out


@pytest.fixture(params=["lf", "crlf", "no-final-newline"])
def cfg(request, sandbox):
    text = FIXTURE
    if request.param == "crlf":
        text = text.replace("\n", "\r\n")
    if request.param == "no-final-newline":
        text = text.rstrip("\n")
    sandbox.aws.mkdir(mode=0o700, parents=True, exist_ok=True)
    sandbox.config_path.write_bytes(text.encode())
    return sandbox


def test_unedited_listing_matches_botocore(tui_bin, cfg):
    import json
    before = cfg.config_path.read_bytes()
    p = cli(tui_bin, cfg, "profiles", "list", "--json")
    assert p.returncode == 0, p.stderr
    ours = {x["name"]: x for x in json.loads(p.stdout)["profiles"]}
    full = load(cfg)
    assert set(ours) == set(full["profiles"])
    for name, prof in full["profiles"].items():
        assert ours[name]["ssoSession"] == prof.get("sso_session")
        assert ours[name]["accountId"] == prof.get("sso_account_id")
        assert ours[name]["roleName"] == prof.get("sso_role_name")
        assert ours[name]["region"] == prof.get("region")
    p = cli(tui_bin, cfg, "sessions", "list", "--json")
    s = json.loads(p.stdout)["sessions"]
    assert [x["name"] for x in s] == list(full["sso_sessions"])
    assert s[0]["profiles"] == ["dev", "prod"]
    assert cfg.config_path.read_bytes() == before   # reading never writes


def test_add_session_and_profile(tui_bin, cfg):
    before = cfg.config_path.read_bytes()
    p = cli(tui_bin, cfg, "sessions", "add", "new sso", "--start-url", "https://d-5555555555.awsapps.com/start",
            "--region", "eu-central-1", "--scopes", "sso:account:access,codewhisperer:completions")
    assert p.returncode == 0, p.stderr
    p = cli(tui_bin, cfg, "profiles", "add", "team data", "--session", "new sso", "--account", "444444444444",
            "--role", "DataEngineer", "--region", "eu-central-1", "--output", "yaml")
    assert p.returncode == 0, p.stderr
    after = cfg.config_path.read_bytes()
    # Everything that was there is untouched (at most a newline was added at the end).
    assert after.startswith(before)
    assert after[len(before):].lstrip(b"\r\n").startswith(b"[sso-session 'new sso']")
    assert scoped(cfg, "team data") == {"sso_session": "new sso", "sso_account_id": "444444444444",
                                        "sso_role_name": "DataEngineer", "region": "eu-central-1", "output": "yaml"}
    full = load(cfg)
    assert full["sso_sessions"]["new sso"] == {"sso_start_url": "https://d-5555555555.awsapps.com/start",
                                               "sso_region": "eu-central-1",
                                               "sso_registration_scopes": "sso:account:access,codewhisperer:completions"}
    # New lines use the file's line endings.
    if b"\r\n" in before:
        assert b"\n" not in after.replace(b"\r\n", b"")


def test_update_profile_changes_only_its_lines(tui_bin, cfg):
    before = cfg.config_path.read_bytes()
    old = scoped(cfg, "dev")
    p = cli(tui_bin, cfg, "profiles", "add", "dev", "--session", "corp", "--account", "111111111111",
            "--role", "Admin", "--region", "us-west-1")
    assert p.returncode == 0, p.stderr
    assert "updated" in p.stdout
    after = cfg.config_path.read_bytes()
    b, a = sections(before), sections(after)
    assert set(b) == set(a)
    for k in b:
        if k != "[profile dev]":
            assert a[k] == b[k], k
    changed = [(x, y) for x, y in zip(b["[profile dev]"].splitlines(), a["[profile dev]"].splitlines()) if x != y]
    assert len(changed) == 2 and len(b["[profile dev]"].splitlines()) == len(a["[profile dev]"].splitlines())
    new = scoped(cfg, "dev")
    assert new == {**old, "sso_role_name": "Admin", "region": "us-west-1"}
    assert new["s3"] == {"addressing_style": "path", "max_concurrent_requests": "20"}


def test_rename_profile(tui_bin, cfg):
    before = cfg.config_path.read_bytes()
    old = scoped(cfg, "dev")
    p = cli(tui_bin, cfg, "profiles", "rename", "dev", "dev two")
    assert p.returncode == 0, p.stderr
    full = load(cfg)
    assert "dev" not in full["profiles"]
    assert full["profiles"]["dev two"] == old
    after = cfg.config_path.read_bytes()
    diff = [(x, y) for x, y in zip(before.splitlines(), after.splitlines()) if x != y]
    assert diff == [(b"[profile dev]", b"[profile 'dev two']")]
    # Renaming onto an existing name fails and writes nothing.
    p = cli(tui_bin, cfg, "profiles", "rename", "prod", "default")
    assert p.returncode == 1 and len(p.stderr.strip().splitlines()) == 1
    assert cfg.config_path.read_bytes() == after


def test_remove_profile(tui_bin, cfg):
    full_before = load(cfg)
    before = cfg.config_path.read_bytes()
    p = cli(tui_bin, cfg, "profiles", "remove", "prod")
    assert p.returncode == 0, p.stderr
    full = load(cfg)
    assert "prod" not in full["profiles"]
    expected = {k: v for k, v in full_before["profiles"].items() if k != "prod"}
    assert full["profiles"] == expected
    assert full["sso_sessions"] == full_before["sso_sessions"]
    b, a = sections(before), sections(cfg.config_path.read_bytes())
    assert set(b) - set(a) == {"[profile prod]"}
    for k in a:
        assert a[k] == b[k], k
    p = cli(tui_bin, cfg, "profiles", "remove", "prod")
    assert p.returncode == 1 and "not found" in p.stderr


def test_make_default(tui_bin, cfg):
    dev = scoped(cfg, "dev")
    default = scoped(cfg, "default")
    p = cli(tui_bin, cfg, "profiles", "default", "dev")
    assert p.returncode == 0, p.stderr
    # Issue 11: dev's SSO keys and region/output go into [default]; [default]'s other keys stay
    # (its output here), nothing else of dev (the s3 block) is copied.
    copied = {k: v for k, v in dev.items() if k.startswith("sso_") or k in ("region", "output")}
    assert scoped(cfg, "default") == {**default, **copied}
    assert "s3" not in scoped(cfg, "default")
    assert scoped(cfg, "dev") == dev


def test_remove_session_in_use_then_forced(tui_bin, cfg):
    before = cfg.config_path.read_bytes()
    p = cli(tui_bin, cfg, "sessions", "remove", "corp")
    assert p.returncode == 1
    assert len(p.stderr.strip().splitlines()) == 1
    assert "'dev', 'prod'" in p.stderr and "--force" in p.stderr
    assert cfg.config_path.read_bytes() == before
    p = cli(tui_bin, cfg, "sessions", "remove", "corp", "--force")
    assert p.returncode == 0, p.stderr
    full = load(cfg)
    assert "corp" not in full["sso_sessions"]
    b, a = sections(before), sections(cfg.config_path.read_bytes())
    assert set(b) - set(a) == {"[sso-session corp]"}
    for k in a:
        assert a[k] == b[k], k


def test_errors_and_exit_codes(tui_bin, sandbox):
    sandbox.write_config("region = us-east-1\n[default]\noutput = json\n")
    before = sandbox.config_path.read_bytes()
    p = cli(tui_bin, sandbox, "profiles", "add", "x", "--session", "s", "--account", "123456789012", "--role", "R")
    assert p.returncode == 1
    assert len(p.stderr.strip().splitlines()) == 1
    assert f"{sandbox.config_path}:1:" in p.stderr
    assert sandbox.config_path.read_bytes() == before
    assert not (sandbox.aws / "config.bak").exists()
    p = cli(tui_bin, sandbox, "profiles", "list")
    assert p.returncode == 1 and f"{sandbox.config_path}:1:" in p.stderr
    # Usage errors exit 2.
    sandbox.write_config("[sso-session s]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n")
    p = cli(tui_bin, sandbox, "profiles", "add", "x", "--session", "s", "--account", "12", "--role", "R")
    assert p.returncode == 2
    p = cli(tui_bin, sandbox, "sessions", "add", "t", "--start-url", "http://insecure", "--region", "us-east-1")
    assert p.returncode == 2
    # Unknown session, bad names: exit 1, one line.
    p = cli(tui_bin, sandbox, "profiles", "add", "x", "--session", "nope", "--account", "123456789012", "--role", "R")
    assert p.returncode == 1 and "nope" in p.stderr and len(p.stderr.strip().splitlines()) == 1
    p = cli(tui_bin, sandbox, "profiles", "add", "bad]name", "--session", "s", "--account", "123456789012", "--role", "R")
    assert p.returncode == 1 and "invalid profile name" in p.stderr


def test_config_flag_env_var_symlink_mode_backup(tui_bin, sandbox, tmp_path):
    real = tmp_path / "dotfiles" / "aws.conf"
    real.parent.mkdir()
    real.write_text("[default]\nregion = a\n")
    os.chmod(real, 0o640)
    link = tmp_path / "link.conf"
    link.symlink_to(real)
    sandbox.env["CFGDIR"] = str(tmp_path)
    sandbox.env["AWS_CONFIG_FILE"] = "$CFGDIR/link.conf"
    p = cli(tui_bin, sandbox, "profiles", "add", "p", "--session", "s", "--account", "123456789012", "--role", "R")
    assert p.returncode == 1   # no such session: nothing written
    p = cli(tui_bin, sandbox, "sessions", "add", "s", "--start-url", "https://x.awsapps.com/start", "--region", "us-east-1")
    assert p.returncode == 0, p.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert (real.parent / "aws.conf.bak").read_text() == "[default]\nregion = a\n"
    assert load(sandbox)["sso_sessions"]["s"]["sso_region"] == "us-east-1"
    # --config wins over AWS_CONFIG_FILE; a missing file and ~/.aws are created private.
    p = cli(tui_bin, sandbox, "sessions", "add", "t", "--start-url", "https://y.awsapps.com/start",
            "--region", "us-east-1", "--config", str(sandbox.home / ".aws" / "config"))
    assert p.returncode == 0, p.stderr
    assert stat.S_IMODE((sandbox.home / ".aws").stat().st_mode) == 0o700
    assert stat.S_IMODE((sandbox.home / ".aws" / "config").stat().st_mode) == 0o600
    assert "t" not in load(sandbox)["sso_sessions"]


def test_relative_config_path(tui_bin, sandbox, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    p = subprocess.run([tui_bin, "sessions", "add", "s", "--start-url", "https://x.awsapps.com/start",
                        "--region", "us-east-1", "--config", "rel.conf"], env=sandbox.env, cwd=work,
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert (work / "rel.conf").read_text().startswith("[sso-session s]\n")
