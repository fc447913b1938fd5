#!/usr/bin/env python3
"""The scale bench: whole catchment processes on synthetic counties, side by side with the Python
peers of ../shared/peers, in one run (the machine is shared and noisy, so ratios measured together
mean more than absolute times).

Usage (from the project root, after `cargo build --release`):

    python3 scripts/bench_scale.py [--bin target/release/catchment] [--work /tmp/catchment-scale]
        [--peers ../shared/peers] [--python ../peers-venv/bin/python] [--repeat 3] [--only NAME ...]

Each short workload runs `--repeat` times (site, plan and capacitated zones once); one compared with
a peer runs in turn with it, after a warm-up pair. The table shows the median wall time, the CPU
time (user + system) of that run, the peak resident memory, the peer's median and the ratio
catchment / peer.
Targets are those of the scale issue: plan 1M x 1000 < 10 min, plan 200k x 200 < 2 min, plan on
the 100k sample exits 0, site on
200k x 200 < 60 s per stage, check at 1M <= 0.6 x peer_load.py, zones nearest at 1M <= 0.5 x
peer_nearest.py, forecast at 1M wall <= 1.5 x CPU, peak memory < 1 GB for every command at 1M.
Only the standard library is used; the peers need the venv described in ../shared/peers/README.md.
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time


def run(cmd, cwd=None):
    """Run one whole process; return (wall_s, cpu_s, peak_rss_mb, exit code)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if p.returncode != 0:
        sys.stderr.write(f"FAILED ({p.returncode}): {' '.join(cmd)}\n{p.stderr.decode()[-2000:]}\n")
    return wall, cpu, p.returncode


def run_timed(cmd, cwd=None):
    """Like `run`, with the peak memory of this process from /usr/bin/time (MB)."""
    timer = shutil.which("time") or "/usr/bin/time"
    out = f"/tmp/bench_scale_time.{os.getpid()}"
    wall, cpu, code = run([timer, "-f", "%M", "-o", out] + cmd, cwd=cwd)
    try:
        rss_mb = int(open(out).read().split()[-1]) / 1024
    except (OSError, ValueError, IndexError):
        rss_mb = float("nan")
    return wall, cpu, rss_mb, code


def median_run(cmd, repeat, cwd=None, before=None):
    runs = []
    for _ in range(repeat):
        if before:
            before()
        runs.append(run_timed(cmd, cwd=cwd))
    runs.sort(key=lambda r: r[0])
    return runs[len(runs) // 2]


def paired_runs(cmd, peer, repeat, peer_cwd, before=None):
    """Catchment and its peer run in turn, `repeat` pairs after one warm-up pair that is not
    counted (the first processes after a long run find the page cache and the allocator's pages
    cold). Both thus meet the same machine: on this shared, noisy machine, runs of one command in
    a row drifted by a third from one series to the next. Returns the median run of each."""
    if before:
        before()
    run_timed(cmd)
    run_timed(peer, cwd=peer_cwd)
    ours, theirs = [], []
    for _ in range(repeat):
        if before:
            before()
        ours.append(run_timed(cmd))
        theirs.append(run_timed(peer, cwd=peer_cwd))
    ours.sort(key=lambda r: r[0])
    theirs.sort(key=lambda r: r[0])
    return ours[len(ours) // 2], theirs[len(theirs) // 2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/catchment")
    ap.add_argument("--work", default="/tmp/catchment-scale")
    ap.add_argument("--peers", default="../shared/peers")
    ap.add_argument("--python", default="../peers-venv/bin/python")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", nargs="*", default=None)
    a = ap.parse_args()
    exe = os.path.abspath(a.bin)
    py = os.path.abspath(a.python)
    peers = os.path.abspath(a.peers)
    work = os.path.abspath(a.work)
    os.makedirs(work, exist_ok=True)
    m1, k200, k100 = f"{work}/m1", f"{work}/k200", f"{work}/k100"
    for d, n, s in [(m1, 1_000_000, 1000), (k200, 200_000, 200), (k100, 100_000, 100)]:
        if not os.path.isfile(f"{d}/students.csv"):
            subprocess.run([exe, "sample", d, "--students", str(n), "--schools", str(s), "--force"],
                           check=True, stdout=subprocess.DEVNULL)

    def fresh(path):
        def clear():
            if os.path.isfile(path):
                os.remove(path)
            else:
                shutil.rmtree(path, ignore_errors=True)
        return clear

    o = f"{work}/out"
    workloads = [
        ("check 1M", [exe, "check", m1], [py, "peer_load.py", m1], None, None),
        ("zones nearest 1M", [exe, "zones", m1, "--method", "nearest", "--level", "primary",
                              "--out", f"{o}/zn"], [py, "peer_nearest.py", m1, f"{o}/zn_peer"],
         f"{o}/zn", None),
        ("forecast 1M", [exe, "forecast", m1, "--out", f"{o}/fc"], None, f"{o}/fc", None),
        ("zones capacitated 1M", [exe, "zones", m1, "--method", "capacitated", "--level",
                                  "primary", "--out", f"{o}/zc"], None, f"{o}/zc", None),
    ]
    workloads += [
        ("indicators 1M", [exe, "indicators", m1, "--out", f"{o}/ind"], None, f"{o}/ind", None),
        ("map zones 1M", [exe, "map", m1, "--kind", "zones", "--level", "primary", "--out",
                          f"{o}/map_zones.png"], None, f"{o}/map_zones.png", None),
        ("map density 1M", [exe, "map", m1, "--kind", "density", "--out",
                            f"{o}/map_density.png"], None, f"{o}/map_density.png", None),
    ]
    for level in ["primary", "junior", "kindergarten"]:
        workloads.append((f"site {level} 1M", [exe, "site", m1, "--level", level, "--out",
                                               f"{o}/site1m_{level}"], None,
                          f"{o}/site1m_{level}", None))
    for level in ["primary", "junior", "kindergarten"]:
        workloads.append((f"site {level} 200k", [exe, "site", k200, "--level", level, "--out",
                                                 f"{o}/site_{level}"], None,
                          f"{o}/site_{level}", None))
    workloads.append(("plan 100k", [exe, "plan", k100, "--out", f"{o}/plan100k"], None,
                      f"{o}/plan100k", None))
    workloads.append(("plan 200k", [exe, "plan", k200, "--out", f"{o}/plan200k"], None,
                      f"{o}/plan200k", None))
    workloads.append(("plan 1M", [exe, "plan", m1, "--out", f"{o}/plan1m"], None,
                      f"{o}/plan1m", None))
    print("| workload | catchment wall s | CPU s | wall / CPU | peak MB | peer wall s | ratio |")
    print("|---|---|---|---|---|---|---|")
    for name, cmd, peer, out, _ in workloads:
        if a.only and not any(o_ in name for o_ in a.only):
            continue
        # The long workloads run once (minutes each); the peer-compared ones `--repeat` times.
        repeat = 1 if name.startswith(("plan", "site", "zones capacitated")) else a.repeat
        clear = fresh(out) if out else None
        pw, ratio = "", ""
        if peer and os.path.isfile(py):
            (wall, cpu, rss, code), (pwall, _, _, _) = paired_runs(cmd, peer, repeat, peers, clear)
            pw, ratio = f"{pwall:.2f}", f"{wall / pwall:.2f}"
        else:
            wall, cpu, rss, code = median_run(cmd, repeat, before=clear)
        status = "" if code == 0 else f" (exit {code})"
        print(f"| {name}{status} | {wall:.2f} | {cpu:.2f} | {wall / cpu:.2f} | {rss:.0f} | {pw} | "
              f"{ratio} |", flush=True)


if __name__ == "__main__":
    main()
