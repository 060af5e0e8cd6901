#!/usr/bin/env python3
"""Listing benchmark: aws-sso-tui's full account-and-role listing against the emulator,
next to the peer tool aws-sso-util on the same emulator in the same run.

Scenarios (600 accounts, 1-6 roles each, 30 ms latency):
  B1  no throttle            target: <= 1.1x the ideal for the concurrency used; >= 10x faster than aws-sso-util
  B2  20 req/s throttle      target: <= 1.05x (requests / 20) s; 0 failed accounts; 429s < 3% of requests
  B3  as B2, one account's roles asked for mid-way   target: they arrive within 250 ms

Usage: python3 scripts/bench.py --bin-dir DIR [--accounts 600] [--skip-peer]
"""
import argparse
import hashlib
import json
import statistics
import os
import pathlib
import platform
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests" / "e2e"))
from emulator_util import Emulator  # noqa: E402

START_URL = "https://bench.awsapps.com/start"


def sandbox_env(home, url):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(HOME=str(home), AWS_ENDPOINT_URL_SSO=url, AWS_ENDPOINT_URL_SSO_OIDC=url, BROWSER="true")
    return env


def prepare(bin_dir, emu, home):
    aws = home / ".aws"
    aws.mkdir(parents=True, exist_ok=True)
    (aws / "config").write_text(
        f"[sso-session bench]\nsso_start_url = {START_URL}\nsso_region = us-east-1\n"
        f"sso_registration_scopes = sso:account:access\n")
    env = sandbox_env(home, emu.url)
    subprocess.run([str(bin_dir / "aws-sso-tui"), "login", "--session", "bench", "--no-browser"], env=env,
                   check=True, capture_output=True, timeout=60)
    # The same token under the legacy key, for aws-sso-util (botocore's legacy token fetcher).
    cache = aws / "sso" / "cache"
    tok = json.loads((cache / (hashlib.sha1(b"bench").hexdigest() + ".json")).read_text())
    (cache / (hashlib.sha1(START_URL.encode()).hexdigest() + ".json")).write_text(json.dumps(tok))
    return env


def run_ours(bin_dir, env, concurrency, prioritize=None, after=None):
    args = [str(bin_dir / "aws-sso-tui"), "bench-list", "--session", "bench", "--concurrency", str(concurrency)]
    if prioritize:
        args += ["--prioritize", prioritize, "--after", str(after)]
    t = time.monotonic()
    p = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)
    wall = time.monotonic() - t
    if p.returncode != 0:
        raise SystemExit(f"bench-list failed: {p.stderr}")
    r = json.loads(p.stdout)
    r["wallMs"] = int(wall * 1000)
    return r


def run_peer(env, timeout):
    exe = shutil.which("aws-sso-util")
    if not exe:
        return None
    t = time.monotonic()
    try:
        p = subprocess.run([exe, "roles", "--sso-start-url", START_URL, "--sso-region", "us-east-1", "--no-header"],
                           env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "ok": False, "note": f"did not finish in {timeout} s"}
    secs = time.monotonic() - t
    lines = [l for l in p.stdout.splitlines() if l.strip()]
    return {"seconds": secs, "ok": p.returncode == 0, "pairs": len(lines),
            "note": "" if p.returncode == 0 else (p.stderr.strip().splitlines() or ["failed"])[-1][:160]}


def build_floor(tmp):
    """Builds scripts/bench_floor.c (a minimal libcurl-multi client); None if no C compiler."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if not cc:
        return None
    out = pathlib.Path(tmp) / "bench_floor"
    src = pathlib.Path(__file__).with_name("bench_floor.c")
    p = subprocess.run([cc, "-O2", "-o", str(out), str(src), "-lcurl"], capture_output=True, text=True)
    return out if p.returncode == 0 else None


def run_floor(exe, emu, home, concurrency):
    """The floor: only the role requests of the org's accounts, sent by the minimal client."""
    tok = json.loads((home / ".aws" / "sso" / "cache" / (hashlib.sha1(b"bench").hexdigest() + ".json")).read_text())
    (home / "floor-token").write_text(tok["accessToken"] + "\n")
    (home / "floor-token").chmod(0o600)
    ids = [a["accountId"] for a in emu.org()["accounts"]]
    (home / "floor-ids").write_text("\n".join(ids) + "\n")
    runs = []
    for _ in range(3):
        p = subprocess.run([str(exe), emu.url, str(home / "floor-token"), str(home / "floor-ids"), str(concurrency)],
                           capture_output=True, text=True, timeout=120)
        if p.returncode != 0:
            return None
        r = json.loads(p.stdout)
        runs.append(r["seconds"] / (r["requests"] * 0.030 / concurrency))
        time.sleep(0.2)
    return sorted(runs)


def scenario(name, bin_dir, args, concurrency, peer, peer_timeout, prioritize_late=False, floor=False):
    with tempfile.TemporaryDirectory() as tmp, Emulator(str(bin_dir / "aws-sso-emulator"), *args) as emu:
        home = pathlib.Path(tmp)
        env = prepare(bin_dir, emu, home)
        org = emu.org()["accounts"]
        pairs = sum(len(a["roles"]) for a in org)
        emu.clear_requests()
        target = None
        if prioritize_late:
            # An account near the end of the listing order, asked for after 5 s.
            target = org[-20]["accountId"]
        ours = run_ours(bin_dir, env, concurrency, prioritize=target, after=5.0 if target else None)
        log = emu.requests()
        ours["emuRequests"] = len(log)
        ours["emu429"] = sum(1 for r in log if r["status"] == 429)
        ours["pairsExpected"] = pairs
        roles_log = [r for r in log if r["operation"] == "ListAccountRoles"]
        ours["roleRequests"] = len(roles_log)
        if floor:
            exe = build_floor(tmp)
            ours["floor"] = run_floor(exe, emu, home, concurrency) if exe else None
        peer_res = None
        if peer:
            emu.clear_requests()
            peer_res = run_peer(env, peer_timeout)
            if peer_res is not None:
                plog = emu.requests()
                peer_res["requests"] = len(plog)
                peer_res["429s"] = sum(1 for r in plog if r["status"] == 429)
        return ours, peer_res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin-dir", required=True)
    ap.add_argument("--accounts", type=int, default=600)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--skip-peer", action="store_true")
    ap.add_argument("--only", default="B1,B2,B3")
    a = ap.parse_args()
    bin_dir = pathlib.Path(a.bin_dir)
    base = ["--accounts", str(a.accounts), "--seed", "42", "--latency-ms", "30", "--auto-approve-after", "0"]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    print(f"org: {a.accounts} accounts (1-6 roles each), 30 ms latency per request; concurrency cap {a.concurrency}\n")
    ok = True
    only = set(a.only.split(","))
    results = {}
    if "B1" in only:
        ours, peer = scenario("B1", bin_dir, base, a.concurrency, not a.skip_peer, 600, floor=True)
        ideal = ours["requests"] * 0.030 / max(1, ours["peakConcurrency"])
        ratio = ours["totalMs"] / 1000 / ideal
        results["B1"] = (ours, peer)
        print(f"B1  no throttle: full tree {ours['totalMs']/1000:.2f} s ({ours['requests']} requests, "
              f"peak concurrency {ours['peakConcurrency']}); ideal {ideal:.2f} s -> {ratio:.2f}x (target <= 1.10x)")
        print(f"    first page of accounts {ours['firstPageMs']} ms; all accounts {ours['accountsCompleteMs']} ms; "
              f"{ours['roles']}/{ours['pairsExpected']} roles; 429s {ours['throttled']}; failed accounts {ours['failedAccounts']}; "
              f"peak RSS {ours['peakRssKB']/1024:.1f} MB")
        ok &= ratio <= 1.10 and ours["roles"] == ours["pairsExpected"]
        fl = ours.get("floor")
        if fl:
            after_first = (ours["totalMs"] - ours["firstPageMs"]) / 1000 / (ours["roleRequests"] * 0.030 / a.concurrency)
            print(f"    floor here: a minimal C client (scripts/bench_floor.c: libcurl multi, one thread, "
                  f"{a.concurrency} connections) sending only the {ours['roleRequests']} role requests takes "
                  f"{statistics.median(fl):.3f}x of their ideal ({fl[0]:.3f}-{fl[-1]:.3f}x, 3 runs); aws-sso-tui after "
                  f"its first page of accounts: {after_first:.3f}x")
        else:
            print("    floor: not measured (no C compiler or libcurl headers)")
        if peer:
            if peer["seconds"]:
                speed = peer["seconds"] / (ours["totalMs"] / 1000)
                print(f"    aws-sso-util roles: {peer['seconds']:.2f} s, {peer['requests']} requests, {peer.get('pairs')} pairs "
                      f"-> aws-sso-tui is {speed:.1f}x faster (target >= 10x) {peer['note']}")
                ok &= speed >= 10
            else:
                print(f"    aws-sso-util roles: {peer['note']}")
    if "B2" in only:
        ours, peer = scenario("B2", bin_dir, base + ["--throttle-rps", "20"], a.concurrency, not a.skip_peer, 300)
        bound = ours["requests"] / 20
        ratio = ours["totalMs"] / 1000 / bound
        pct = 100 * ours["throttled"] / max(1, ours["requests"])
        results["B2"] = (ours, peer)
        print(f"\nB2  20 req/s: full tree {ours['totalMs']/1000:.2f} s; requests/20 = {bound:.2f} s -> {ratio:.3f}x (target <= 1.05x)")
        print(f"    {ours['requests']} requests, 429s {ours['throttled']} ({pct:.1f}%, target < 3%), failed accounts "
              f"{ours['failedAccounts']}, first page {ours['firstPageMs']} ms, peak concurrency {ours['peakConcurrency']}, "
              f"settled rate {ours.get('finalRate', 0)/10:.1f}/s, peak RSS {ours['peakRssKB']/1024:.1f} MB")
        ok &= ratio <= 1.05 and pct < 3 and ours["failedAccounts"] == 0 and ours["roles"] == ours["pairsExpected"]
        if peer:
            if peer["seconds"]:
                print(f"    aws-sso-util roles: {peer['seconds']:.2f} s, {peer['requests']} requests, {peer['429s']} 429s, "
                      f"{'ok' if peer['ok'] else 'FAILED: ' + peer['note']} -> ratio {peer['seconds']/(ours['totalMs']/1000):.2f}x")
            else:
                print(f"    aws-sso-util roles: {peer['note']}")
    if "B3" in only:
        ours, _ = scenario("B3", bin_dir, base + ["--throttle-rps", "20"], a.concurrency, False, 0, prioritize_late=True)
        lat = ours.get("priorityLatencyMs")
        results["B3"] = (ours, None)
        print(f"\nB3  20 req/s, one late account's roles asked for at 5 s: arrived in {lat} ms (target <= 250 ms); "
              f"full tree {ours['totalMs']/1000:.2f} s, 429s {ours['throttled']}")
        ok &= lat is not None and 0 <= lat <= 250
    print("\nresult:", "all targets met" if ok else "SOME TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
