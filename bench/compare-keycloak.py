#!/usr/bin/env python3
"""Ratios of Portcullis's figures (target/bench/results.csv) to Keycloak's from the same run.

Usage: compare-keycloak.py PORTCULLIS_CSV KEYCLOAK_RESULTS_CSV TAG [KEYCLOAK_STARTUP_TXT]
Keycloak's rows are those of bench-all.sh TAG (labels TAG-password, TAG-otp, TAG-refresh).
"""
import csv
import re
import sys


def main():
    ours_path, kc_path, tag = sys.argv[1:4]
    startup_path = sys.argv[4] if len(sys.argv) > 4 else None
    ours = {}
    with open(ours_path) as f:
        for row in csv.DictReader(f):
            ours[(row["metric"], row["concurrency"])] = float(row["value"])
    kc = {}
    with open(kc_path) as f:
        for row in csv.DictReader(f):
            if row["label"].startswith(tag + "-"):
                kc[(row["label"][len(tag) + 1:], row["concurrency"])] = row
    print("| measurement | Portcullis | Keycloak | ratio |")
    print("| --- | --- | --- | --- |")
    levels = sorted({c for (m, c) in ours if m == "signin_per_s"}, key=int)
    for c in levels:
        p = ours[("signin_per_s", c)]
        for scenario in ("otp", "password"):
            k = kc.get((scenario, c))
            if k:
                r = float(k["rps"])
                print(f"| sign-ins/s c={c}: Portcullis browser password+TOTP vs Keycloak {scenario} grant "
                      f"| {p:.1f} | {r:.1f} | {p / r:.2f} |")
    second = next((v for (m, c), v in ours.items() if m == "second_step_per_s"), None)
    refresh = max((float(k["rps"]) for (s, c), k in kc.items() if s == "refresh"), default=None)
    if second is not None and refresh:
        print(f"| second step/s vs Keycloak best refresh grants/s | {second:.1f} | {refresh:.1f} | {second / refresh:.2f} |")
    for (m, c), v in sorted(ours.items()):
        if m == "refresh_per_s":
            k = kc.get(("refresh", c))
            if k:
                r = float(k["rps"])
                print(f"| refresh-token grants/s c={c} | {v:.1f} | {r:.1f} | {v / r:.2f} |")
    if startup_path:
        with open(startup_path) as f:
            times = re.findall(r"startup_to_first_http_200_s=([0-9.]+)", f.read())
        if times and ("startup_s", "") in ours:
            s = ours[("startup_s", "")]
            k = float(times[-1])
            print(f"| start-up to ready, s | {s:.1f} | {k:.1f} | {s / k:.2f} |")
    rss = [float(k["server_rss_mib_after"]) for k in kc.values() if k.get("server_rss_mib_after")]
    if rss and ("rss_mib", "") in ours:
        print(f"| resident memory after the run, MiB | {ours[('rss_mib', '')]:.0f} | {max(rss):.0f} "
              f"| {ours[('rss_mib', '')] / max(rss):.2f} |")


if __name__ == "__main__":
    main()
