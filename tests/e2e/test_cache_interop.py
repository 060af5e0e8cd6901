"""The token cache is shared with botocore / AWS CLI v2: files written by botocore's own
JSONFileCache are read by our `status`; corrupt files mean "not logged in", never a crash;
no secret is ever printed."""
import datetime
import hashlib
import json
import subprocess

from botocore.utils import JSONFileCache

CONFIG = """\
[sso-session corp]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = us-east-1

[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin

[profile legacy]
sso_start_url = https://d-9999999999.awsapps.com/start/
sso_region = us-west-2
sso_account_id = 222222222222
sso_role_name = Old
"""

SECRETS = ["aoa-ACCESS-SECRET", "aor-REFRESH-SECRET", "CLIENT-SECRET-xyz"]


def cli(tui_bin, sandbox, *args):
    return subprocess.run([tui_bin, *args], env=sandbox.env, capture_output=True, text=True, timeout=60)


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def botocore_write(sandbox, key_text, token):
    cache = JSONFileCache(str(sandbox.cache_dir))
    cache[hashlib.sha1(key_text.encode()).hexdigest()] = token


def status(tui_bin, sandbox, *extra):
    p = cli(tui_bin, sandbox, "status", "--json", *extra)
    for s in SECRETS:
        assert s not in p.stdout and s not in p.stderr
    return p


def test_token_written_by_botocore_is_read(tui_bin, sandbox):
    sandbox.write_config(CONFIG)
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    exp = now + datetime.timedelta(hours=1)
    botocore_write(sandbox, "corp", {
        "startUrl": "https://d-1234567890.awsapps.com/start", "region": "us-east-1",
        "accessToken": SECRETS[0], "expiresAt": iso(exp), "clientId": "cid", "clientSecret": SECRETS[2],
        "registrationExpiresAt": iso(now + datetime.timedelta(days=90)), "refreshToken": SECRETS[1]})
    # Legacy profile: key is the start URL exactly as configured, old "UTC" timestamp format.
    botocore_write(sandbox, "https://d-9999999999.awsapps.com/start/", {
        "startUrl": "https://d-9999999999.awsapps.com/start/", "region": "us-west-2",
        "accessToken": SECRETS[0], "expiresAt": (now + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SUTC")})
    p = status(tui_bin, sandbox)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    s = out["sessions"][0]
    assert s["name"] == "corp" and s["state"] == "valid" and s["loggedIn"] is True
    assert s["expiresAt"] == iso(exp)
    assert s["refreshable"] is True
    assert s["profiles"] == ["dev"]
    assert s["cacheFile"].endswith(hashlib.sha1(b"corp").hexdigest() + ".json")
    leg = out["legacy"][0]
    assert leg["startUrl"] == "https://d-9999999999.awsapps.com/start/" and leg["loggedIn"] is True
    assert leg["expiresAt"] == iso(now + datetime.timedelta(hours=2))
    assert leg["profiles"] == ["legacy"]
    p = status(tui_bin, sandbox, "--session", "corp")
    assert p.returncode == 0
    p = cli(tui_bin, sandbox, "status")
    assert p.returncode == 0 and "logged in, expires" in p.stdout
    assert all(x not in p.stdout for x in SECRETS)


def test_expired_missing_and_corrupt_tokens(tui_bin, sandbox):
    sandbox.write_config(CONFIG)
    p = status(tui_bin, sandbox)
    assert json.loads(p.stdout)["sessions"][0]["state"] == "missing"
    p = status(tui_bin, sandbox, "--session", "corp")
    assert p.returncode == 3 and "not logged in" in p.stderr

    past = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)
    botocore_write(sandbox, "corp", {"startUrl": "u", "region": "us-east-1", "accessToken": SECRETS[0],
                                     "expiresAt": past.isoformat()})   # "+00:00" with microseconds
    s = json.loads(status(tui_bin, sandbox).stdout)["sessions"][0]
    assert s["state"] == "expired" and s["loggedIn"] is False and s["refreshable"] is False
    p = status(tui_bin, sandbox, "--session", "corp")
    assert p.returncode == 3 and "expired" in p.stderr

    path = sandbox.cache_dir / (hashlib.sha1(b"corp").hexdigest() + ".json")
    for body in [b"", b'{"accessToken": "' + SECRETS[0].encode() + b'", "expi', b"\x00\xff", b"[]"]:
        path.write_bytes(body)
        p = status(tui_bin, sandbox)
        assert p.returncode == 0, p.stderr
        s = json.loads(p.stdout)["sessions"][0]
        assert s["state"] == "corrupt" and s["loggedIn"] is False and s["reason"]
        p = status(tui_bin, sandbox, "--session", "corp")
        assert p.returncode == 3 and len(p.stderr.strip().splitlines()) == 1


def test_status_unknown_session_and_no_config(tui_bin, sandbox):
    p = cli(tui_bin, sandbox, "status", "--json")
    assert p.returncode == 0 and json.loads(p.stdout) == {"sessions": [], "legacy": []}
    sandbox.write_config(CONFIG)
    p = cli(tui_bin, sandbox, "status", "--session", "nope")
    assert p.returncode == 1 and "nope" in p.stderr
