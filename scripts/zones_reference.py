#!/usr/bin/env python3
"""Prove the optimum of the capacitated zoning reference counties with an exact MIP solver (HiGHS).

Why: `catchment zones --method capacitated` is a heuristic search with a lower bound on real-sized
counties; this script gives the true optimum of the same model so a test can check how close the
tool gets (tests/zones.rs, `reference_counties_*`). It is not a dependency of the tool: run it once
when the reference list changes, and commit only the seeds, parameters and optimal objectives
(tests/data/zones_reference.json).

Set-up (once, outside the project): python3 -m venv /tmp/zones-venv && /tmp/zones-venv/bin/pip install highspy

Usage, from the repository root (it builds the binary and the example with `cargo build` first):
    /tmp/zones-venv/bin/python scripts/zones_reference.py tests/data/zones_reference.json [NAME ...]
For each county listed there (or only the NAMEs given) it runs
    catchment sample DIR --students N --schools M --seed S --tight-rooms
    target/debug/examples/zones_problem DIR primary                (the model as JSON)
solves the MIP to a relative gap of 0 (starting from the tool's own plan, which the dump carries,
as the first incumbent) and prints one JSON line per county with the optimum; with
--write it stores `optimum_m` (and the solver's figures) back into the JSON file; --time-limit S
overrides the file's `time_limit_s`; --no-build skips the `cargo build` (with CATCHMENT and
ZONES_PROBLEM naming binaries built already).

The model (the same as src/zones/problem.rs):
    k[s,g] integer >= 0       classes of grade g at school s
    x[i,s] >= 0, o[i] >= 0    students of group i seated at s, or not seated (overflow)
    sum_s x[i,s] + o[i] = n[i]
    sum_{i of grade g} x[i,s] <= cap[g] * k[s,g]
    sum_g k[s,g] <= rooms[s];  sum_i x[i,s] <= size[s]
    min sum c[i,s] x[i,s] + OVERFLOW * sum o[i]
x may be continuous: with k fixed the rest is a min-cost flow, whose optimum is integral.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import highspy
import numpy as np

EXAMPLE = os.environ.get("ZONES_PROBLEM", "target/debug/examples/zones_problem")


def problem_of(county, binary, workdir):
    d = os.path.join(workdir, county["name"])
    subprocess.run([binary, "sample", d, "--students", str(county["students"]), "--schools",
                    str(county["schools"]), "--seed", str(county["seed"]), "--tight-rooms"],
                   check=True, stdout=subprocess.DEVNULL)
    out = subprocess.run([EXAMPLE, d, county.get("level", "primary")], check=True,
                         capture_output=True)
    return json.loads(out.stdout)


def solve(p, time_limit_s):
    caps = p["caps"]
    seats, groups = p["seats"], p["groups"]
    S = len(seats)
    grades = sorted({g["grade"] for g in groups if g["count"] > 0})
    demand = {g: sum(x["count"] for x in groups if x["grade"] == g) for g in grades}
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.0)
    h.setOptionValue("time_limit", float(time_limit_s))
    inf = highspy.kHighsInf
    col = 0
    k = {}
    for s, seat in enumerate(seats):
        for g in grades:
            ub = min(seat["rooms"], -(-min(demand[g], seat["size"]) // caps[g]))
            h.addVar(0, ub)
            h.changeColIntegrality(col, highspy.HighsVarType.kInteger)
            k[s, g] = col
            col += 1
    x = []
    for i, gr in enumerate(groups):
        n = gr["count"]
        if n == 0:
            x.append(None)
            continue
        first = col
        for s in range(S):
            h.addVar(0, n)
            h.changeColCost(col, gr["cost_m"][s])
            col += 1
        h.addVar(0, n)
        h.changeColCost(col, p["overflow_cost_m"])
        col += 1
        x.append(first)
        h.addRow(n, n, S + 1, np.arange(first, first + S + 1, dtype=np.int32), np.ones(S + 1))
    for s, seat in enumerate(seats):
        idx = [k[s, g] for g in grades]
        h.addRow(-inf, seat["rooms"], len(idx), np.array(idx, dtype=np.int32), np.ones(len(idx)))
        members = [x[i] + s for i, gr in enumerate(groups) if x[i] is not None]
        h.addRow(-inf, seat["size"], len(members), np.array(members, dtype=np.int32),
                 np.ones(len(members)))
        for g in grades:
            m = [x[i] + s for i, gr in enumerate(groups) if x[i] is not None and gr["grade"] == g]
            idx = np.array(m + [k[s, g]], dtype=np.int32)
            val = np.array([1.0] * len(m) + [-float(caps[g])])
            h.addRow(-inf, 0.0, len(idx), idx, val)
    start_m = set_start(h, p, x, k, col)
    t = time.time()
    h.run()
    info = h.getInfo()
    status = h.modelStatusToString(h.getModelStatus())
    return {
        "status": status,
        "optimum_m": round(info.objective_function_value),
        "mip_dual_bound_m": info.mip_dual_bound,
        "mip_gap": info.mip_gap,
        "solve_s": round(time.time() - t, 1),
        "start_m": start_m,
        "groups": sum(1 for gr in groups if gr["count"] > 0),
        "pupils": sum(gr["count"] for gr in groups),
        "seats": S,
    }


def set_start(h, p, x, k, ncols):
    """Give the solver the tool's own plan (`start` in the dump) as its first incumbent: it only
    prunes the search sooner; the proof of optimality is the solver's. Returns its objective."""
    if not p.get("start"):
        return None
    groups, caps, S = p["groups"], p["caps"], len(p["seats"])
    val = np.zeros(ncols)
    seated = [0] * len(groups)
    load = {}
    for gi, s, n in p["start"]:
        if x[gi] is None:
            continue
        val[x[gi] + s] += n
        seated[gi] += n
        key = (s, groups[gi]["grade"])
        load[key] = load.get(key, 0) + n
    objective = 0
    for i, gr in enumerate(groups):
        if x[i] is None:
            continue
        val[x[i] + S] = gr["count"] - seated[i]
        objective += (gr["count"] - seated[i]) * p["overflow_cost_m"]
        objective += sum(gr["cost_m"][s] * val[x[i] + s] for s in range(S))
    for (s, g), n in load.items():
        val[k[s, g]] = -(-n // caps[g])
    sol = highspy.HighsSolution()
    sol.col_value = list(val)
    sol.value_valid = True
    h.setSolution(sol)
    return int(objective)


def main():
    argv = sys.argv[1:]
    limit = None
    if "--time-limit" in argv:
        at = argv.index("--time-limit")
        limit = float(argv[at + 1])
        del argv[at:at + 2]
    args = [a for a in argv if not a.startswith("--")]
    write = "--write" in argv
    path, names = args[0], set(args[1:])
    spec = json.load(open(path))
    binary = os.environ.get("CATCHMENT", "target/debug/catchment")
    if "--no-build" not in argv:
        subprocess.run(["cargo", "build", "-q", "--bin", "catchment", "--example", "zones_problem"],
                       check=True)
    with tempfile.TemporaryDirectory() as work:
        for county in spec["counties"]:
            if names and county["name"] not in names:
                continue
            r = solve(problem_of(county, binary, work), limit or spec.get("time_limit_s", 3600))
            print(json.dumps({"name": county["name"], **r}), flush=True)
            if r["status"] != "Optimal":
                print(f"{county['name']}: not proven optimal ({r['status']}); not stored",
                      file=sys.stderr)
                continue
            county["optimum_m"] = r["optimum_m"]
            county["proof"] = {k: r[k] for k in ("groups", "pupils", "seats", "solve_s")}
            if write:
                with open(path + ".tmp", "w") as f:
                    json.dump(spec, f, indent=2, ensure_ascii=False)
                    f.write("\n")
                os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
