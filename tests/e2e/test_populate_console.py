"""populate, console and the generated docs, against the emulator, judged by botocore."""
import json
import re
import shutil
import subprocess
import urllib.parse
import urllib.request

from conftest import run_botocore
from test_cli_sso import cli, login

CONFIG = """\
; hand-made things that populate must never touch
[default]
region = us-west-2

[sso-session acme]
sso_start_url = https://acme.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile mine]
sso_session = acme
sso_account_id = {account}
sso_role_name = {role}
# my own notes
"""

ORG = {"accounts": [
    {"accountId": "111111111111", "accountName": "acme-dev", "emailAddress": "dev@acme.example",
     "roles": ["AdministratorAccess", "PowerUserAccess"]},
    {"accountId": "222222222222", "accountName": "Zürich", "roles": ["ReadOnlyAccess"]},
    {"accountId": "333333333333", "accountName": "payments prod", "roles": ["PowerUserAccess", "Billing"]},
    {"accountId": "444444444444", "accountName": "mine", "roles": ["Admin"]},
]}


def prepared(tui_bin, sandbox, emulator_factory, tmp_path):
    org_file = tmp_path / "org.json"
    org_file.write_text(json.dumps(ORG))
    emu = emulator_factory("--org", str(org_file), "--auto-approve-after", "0")
    sandbox.point_at(emu.url)
    sandbox.write_config(CONFIG.format(account="111111111111", role="AdministratorAccess"))
    login(tui_bin, sandbox)
    return emu


def profiles(sandbox):
    return run_botocore(sandbox, """
import json, botocore.session
s = botocore.session.Session()
print(json.dumps(s.full_config["profiles"]))
""")


def test_populate_dry_run_then_write_then_noop_then_prune(tui_bin, sandbox, emulator_factory, tmp_path):
    emu = prepared(tui_bin, sandbox, emulator_factory, tmp_path)
    before = sandbox.config_path.read_bytes()
    p = cli(tui_bin, sandbox, "populate", "--session", "acme", "--dry-run")
    assert p.returncode == 0, p.stderr
    assert sandbox.config_path.read_bytes() == before, "dry run writes nothing"
    assert "+[profile acme-dev-poweruser]" in p.stdout and p.stdout.startswith("---")
    # `mine` (hand-made) is acme-dev's AdministratorAccess: it counts as present.
    assert "acme-dev-administrator" not in p.stdout
    assert "5 added" in p.stderr and "1 kept (hand-made)" in p.stderr

    p = cli(tui_bin, sandbox, "populate", "--session", "acme", "--output", "json")
    assert p.returncode == 0, p.stderr
    text = sandbox.config_path.read_text()
    assert text.startswith(before.decode()), "everything before the new sections is byte-identical"
    prof = profiles(sandbox)
    want = {"acme-dev-poweruser": ("111111111111", "PowerUserAccess"),
            "zurich-readonly": ("222222222222", "ReadOnlyAccess"),
            "payments-prod-poweruser": ("333333333333", "PowerUserAccess"),
            "payments-prod-billing": ("333333333333", "Billing"),
            "mine-admin": ("444444444444", "Admin")}
    for name, (acct, role) in want.items():
        assert prof[name]["sso_account_id"] == acct and prof[name]["sso_role_name"] == role, name
        assert prof[name]["sso_session"] == "acme" and prof[name]["region"] == "us-east-1"
        assert prof[name]["output"] == "json" and prof[name]["sso_tui_generated"] == "true"
    assert prof["mine"] == {"sso_session": "acme", "sso_account_id": "111111111111", "sso_role_name": "AdministratorAccess"}
    # botocore resolves a generated profile to role credentials for exactly that account and role.
    creds = run_botocore(sandbox, """
import json, botocore.session
c = botocore.session.Session(profile='zurich-readonly').get_credentials().get_frozen_credentials()
print(json.dumps(c.access_key))
""")
    assert creds.startswith("ASIA")
    gets = [r for r in emu.requests() if r["operation"] == "GetRoleCredentials"]
    assert gets[-1]["query"]["account_id"] == "222222222222" and gets[-1]["query"]["role_name"] == "ReadOnlyAccess"

    # A second run changes nothing, not a byte.
    snapshot = sandbox.config_path.read_bytes()
    p = cli(tui_bin, sandbox, "populate", "--session", "acme", "--output", "json")
    assert p.returncode == 0 and "0 added, 0 updated, 5 unchanged, 1 kept (hand-made)" in p.stdout, p.stdout
    assert sandbox.config_path.read_bytes() == snapshot

    # The org shrinks: prune removes exactly the generated profiles that are gone.
    org = json.loads(json.dumps(ORG))
    org["accounts"] = [a for a in org["accounts"] if a["accountId"] != "333333333333"]
    org["accounts"][0]["roles"] = ["AdministratorAccess"]
    emu.set_org(org)
    p = cli(tui_bin, sandbox, "populate", "--session", "acme")
    assert "3 stale" in p.stdout and sandbox.config_path.read_bytes() == snapshot, "no prune without --prune"
    p = cli(tui_bin, sandbox, "populate", "--session", "acme", "--prune")
    assert p.returncode == 0 and "3 removed" in p.stdout, p.stdout
    prof = profiles(sandbox)
    assert set(prof) == {"default", "mine", "zurich-readonly", "mine-admin"}
    assert "; hand-made things that populate must never touch" in sandbox.config_path.read_text()
    assert "# my own notes" in sandbox.config_path.read_text()


def test_populate_collisions_with_hand_made_profiles_and_templates(tui_bin, sandbox, emulator_factory, tmp_path):
    prepared(tui_bin, sandbox, emulator_factory, tmp_path)
    with open(sandbox.config_path, "a") as f:
        f.write("\n[profile acme-dev-poweruser]\nregion = eu-west-1\n")
    p = cli(tui_bin, sandbox, "populate", "--session", "acme", "--template", "{session}.{account_id}.{role_name}")
    assert p.returncode == 0, p.stderr
    prof = profiles(sandbox)
    assert prof["acme-dev-poweruser"] == {"region": "eu-west-1"}, "hand-made profile untouched"
    assert prof["acme.111111111111.poweruser"]["sso_role_name"] == "PowerUserAccess"
    assert "acme.111111111111.administrator" not in prof, "`mine` is that role's profile"
    p2 = cli(tui_bin, sandbox, "populate", "--session", "acme")
    assert p2.returncode == 0
    prof = profiles(sandbox)
    assert prof["acme-dev-poweruser"] == {"region": "eu-west-1"}
    assert cli(tui_bin, sandbox, "populate", "--session", "acme", "--template", "{role_name}").returncode == 2
    assert cli(tui_bin, sandbox, "populate", "--session", "acme", "--template", "{nope}-{role_name}").returncode == 2


def test_console_url_round_trips_through_federation(tui_bin, sandbox, emulator_factory, tmp_path):
    emu = prepared(tui_bin, sandbox, emulator_factory, tmp_path)
    p = cli(tui_bin, sandbox, "console", "--profile", "mine", "--print")
    assert p.returncode == 0, p.stderr
    url = p.stdout.strip()
    assert url.startswith(emu.url + "/federation?Action=login&Issuer=https%3A%2F%2Facme.awsapps.com%2Fstart&Destination=")
    # The credentials went in a POST body, never in a URL.
    fed = [r for r in emu.requests() if r["path"] == "/federation"]
    assert all("Session" not in (r.get("query") or {}) for r in fed)
    with urllib.request.urlopen(url, timeout=10) as r:
        body = r.read().decode()
        assert r.headers["x-emulator-account-id"] == "111111111111"
        assert r.headers["x-emulator-role-name"] == "AdministratorAccess"
    assert "signed in as 111111111111/AdministratorAccess" in body
    assert "console.aws.amazon.com" in urllib.parse.unquote(url)


def test_completion_scripts_man_page_and_version(tui_bin, sandbox):
    for shell, marker in [("bash", "complete"), ("zsh", "#compdef"), ("fish", "complete -c 'aws-sso-tui'")]:
        p = cli(tui_bin, sandbox, "completion", shell)
        assert p.returncode == 0 and marker in p.stdout, shell
        assert "populate" in p.stdout
    if shutil.which("bash"):
        script = cli(tui_bin, sandbox, "completion", "bash").stdout
        check = subprocess.run(["bash", "-n"], input=script, text=True, capture_output=True)
        assert check.returncode == 0, check.stderr
    p = cli(tui_bin, sandbox, "man")
    assert p.stdout.startswith(".TH AWS-SSO-TUI 1") and ".SS populate" in p.stdout
    assert re.match(r"^\d+\.\d+\.\d+$", cli(tui_bin, sandbox, "--version").stdout.strip())
    assert cli(tui_bin, sandbox, "completion", "tcsh").returncode == 2
