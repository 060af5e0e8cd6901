#!/usr/bin/env python3
"""credential-process with valid cached role credentials: time per call (target < 20 ms).
Usage: python3 scripts/bench_credential_process.py BIN_DIR [CALLS]"""
import hashlib, json, os, pathlib, statistics, subprocess, sys, tempfile, time

bin_dir, calls = pathlib.Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 100
with tempfile.TemporaryDirectory() as home:
    h = pathlib.Path(home)
    (h / ".aws/cli/cache").mkdir(parents=True)
    (h / ".aws/config").write_text("[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n\n"
                                   "[profile dev]\nsso_session = acme\nsso_account_id = 111111111111\nsso_role_name = Admin\n")
    key = hashlib.sha1(json.dumps({"accountId": "111111111111", "roleName": "Admin", "sessionName": "acme"},
                                  sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    exp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))
    (h / f".aws/cli/cache/{key}.json").write_text(json.dumps({"ProviderType": "sso", "Credentials": {
        "AccessKeyId": "ASIAEXAMPLE", "SecretAccessKey": "s", "SessionToken": "t", "Expiration": exp}}))
    env = {"HOME": home, "PATH": os.environ["PATH"]}
    cmd = [str(bin_dir / "aws-sso-tui"), "credential-process", "--profile", "dev"]
    ts = []
    for _ in range(calls):
        t = time.perf_counter()
        p = subprocess.run(cmd, env=env, capture_output=True)
        ts.append((time.perf_counter() - t) * 1000)
        assert p.returncode == 0 and json.loads(p.stdout)["AccessKeyId"] == "ASIAEXAMPLE", p.stderr
    ts.sort()
    print(f"credential-process, cached credentials, {calls} calls: median {statistics.median(ts):.1f} ms, "
          f"p90 {ts[int(calls * 0.9)]:.1f} ms, min {ts[0]:.1f} ms (target < 20 ms)")
    print("result:", "target met" if statistics.median(ts) < 20 else "TARGET MISSED")
