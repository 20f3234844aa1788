"""Benchmark: speed and memory of whole ``evaluate`` runs, printed as a table and written as JSON.

Run: ``python scripts/benchmark.py`` (about 15 minutes on 2 cores) or ``--quick`` (under a minute;
CI runs it only to prove it works). Every figure is the median over ``--runs`` whole processes
(wall time, CPU time of the process, peak resident memory); nothing is asserted, the note of
issue 14 sets the figures against their targets:

- ``example``: ``evaluate pilots/steenwijkerland.yaml`` end to end, against the floor: a process
  that imports polars, statsmodels.api and WeasyPrint and renders the same two HTML files to PDF.
- ``stages``: each step's share of the example's time (in one process, from the progress steps).
- ``large``: a generated registration of 1,000,000 trajectories to resultaten.json.
- ``audit``: the disclosure audit of a generated pilot with 100 practices of about 20
  trajectories and 400 practices of about 5.
- ``comparison``: 20 pilots (copies of the three examples) in one run against the sum of their
  single runs.
- ``help``: ``evaluate --help``.

Every run measured starts without the audit's disk cache (a first run); the example is also measured as a
rerun with the cache filled, as a policy adviser rerunning a report meets it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = ("steenwijkerland", "tilburg", "groningen")
REPORT_DATE = "2024-06-30"
DESTINATIONS = ["geen", "specialistische_ggz", "basis_ggz", "wijkteam", "jeugdhulp_lvb", "vrij_toegankelijk", "overig"]

# Runs a Python snippet or module in this process and reports its own wall, CPU and peak memory
# (getrusage of the child alone, so the benchmark process does not count).
MEASURED = """
import atexit, json, os, resource, runpy, sys, time
start = time.perf_counter()
def report():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with open(os.environ["BENCH_OUT"], "w") as out:
        json.dump({"wall": time.perf_counter() - start, "cpu": usage.ru_utime + usage.ru_stime,
                   "peak_mb": usage.ru_maxrss / 1024}, out)
atexit.register(report)
kind, target, *args = sys.argv[1:]
sys.argv = [target, *args]
if kind == "module":
    runpy.run_module(target, run_name="__main__")
else:
    exec(compile(open(target).read(), target, "exec"), {"__name__": "__main__"})
"""

FLOOR = """
import sys
from pathlib import Path
import polars, statsmodels.api, weasyprint
templates = Path(sys.argv[1])
for html in sys.argv[2:]:
    weasyprint.HTML(filename=html, base_url=templates.as_uri() + "/").write_pdf(pdf_variant="pdf/ua-1")
"""

STAGES = """
import datetime as dt, json, sys, time
from pathlib import Path
from evaluator import pipeline
marks = []
options = pipeline.RunOptions(out_dir=Path(sys.argv[2]), report_date=dt.date.fromisoformat(sys.argv[3]),
                              formats=tuple(sys.argv[4].split(",")),
                              on_step=lambda name: marks.append((name.split(": ")[-1], time.perf_counter())))
start = time.perf_counter()
pipeline.run([Path(p) for p in sys.argv[5:]], options)
marks.append(("einde", time.perf_counter()))
print(json.dumps({"start": start, "marks": marks}))
"""


def measure(kind: str, target: str, args: list[str], timeout: float = 900, cache: str = "uit") -> dict:
    """One whole process: wall, cpu, peak_mb (and ok=False when it failed or timed out). The audit's disk
    cache is off unless ``cache`` names a folder: a measurement is of a first run, not of a rerun."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    env = {**os.environ, "BENCH_OUT": str(out), "EVALUATOR_CACHE": cache}
    begin = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", MEASURED, kind, target, *args], cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=timeout)
        figures = json.loads(out.read_text()) if out.stat().st_size else {}
        figures["ok"] = done.returncode == 0
        if done.returncode != 0:
            figures["error"] = done.stderr.strip().splitlines()[-1:] or ["?"]
    except subprocess.TimeoutExpired:
        figures = {"ok": False, "error": [f"afgebroken na {timeout:.0f} s"]}
    figures.setdefault("wall", time.perf_counter() - begin)
    out.unlink(missing_ok=True)
    return figures


def median_of(runs: list[dict]) -> dict:
    keys = ("wall", "cpu", "peak_mb")
    result = {k: statistics.median(r[k] for r in runs if k in r) for k in keys if any(k in r for r in runs)}
    result["runs"] = len(runs)
    result["ok"] = all(r["ok"] for r in runs)
    if not result["ok"]:
        result["error"] = next(r["error"] for r in runs if not r["ok"])
    return result


def evaluate_args(pilots: list[Path], out: Path, formats: str = "html,pdf,json") -> list[str]:
    return [*map(str, pilots), "--out", str(out), "--datum", REPORT_DATE, "--format", formats]


def write_script(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def bench_example(work: Path, runs: int) -> dict:
    pilot = REPO / "pilots" / "steenwijkerland.yaml"
    floor_script = write_script(work, "floor.py", FLOOR)
    example, floor = [], []
    for _ in range(runs):  # alternating, so drift of the machine hits both alike
        out = work / "example"
        example.append(measure("module", "evaluator", evaluate_args([pilot], out)))
        html = [str(out / "rapport.html"), str(out / "collegeversie.html")]
        floor.append(measure("script", floor_script, [str(REPO / "templates"), *html]))
    example_median, floor_median = median_of(example), median_of(floor)
    cache = str(work / "controle-cache")
    measure("module", "evaluator", evaluate_args([pilot], out), cache=cache)  # fills the audit's cache
    rerun = median_of([measure("module", "evaluator", evaluate_args([pilot], out), cache=cache) for _ in range(runs)])
    return {"example": example_median, "floor": floor_median, "ratio": example_median["wall"] / floor_median["wall"],
            "rerun": rerun, "rerun_ratio": rerun["wall"] / floor_median["wall"]}


def bench_stages(work: Path, runs: int) -> dict:
    stages_script = write_script(work, "stages.py", STAGES)
    shares: dict[str, list[float]] = {}
    for _ in range(runs):
        done = subprocess.run([sys.executable, stages_script, "-", str(work / "stages"), REPORT_DATE, "html,pdf,json",
                               str(REPO / "pilots" / "steenwijkerland.yaml")], cwd=REPO, capture_output=True,
                              text=True, check=True)
        record = json.loads(done.stdout.strip().splitlines()[-1])
        marks = record["marks"]
        total = marks[-1][1] - marks[0][1]
        for (name, at), (_, following) in zip(marks, marks[1:]):
            shares.setdefault(name, []).append((following - at) / total)
    return {name: statistics.median(values) for name, values in shares.items()}


def write_registration(folder: Path, rows: int, practices: int, seed: int = 1) -> Path:
    """A generated registration (CSV) and a minimal pilot file next to it."""
    rng = np.random.default_rng(seed)
    start = dt.date(2023, 1, 1)
    offsets = rng.integers(0, 360, rows)
    status = rng.choice(["afgerond", "lopend", "uitgevallen"], rows, p=[0.8, 0.15, 0.05])
    destination = rng.choice(DESTINATIONS, rows, p=[0.54, 0.2, 0.04, 0.12, 0.05, 0.02, 0.03])
    sessions = rng.integers(1, 12, rows)
    ages = rng.integers(0, 18, rows)
    marks = rng.integers(5, 11, rows)
    practice = rng.integers(0, practices, rows)
    lines = ["traject_id;praktijk;startdatum;einddatum;status;verwezen_naar;aantal_gesprekken;leeftijd;tevredenheid"]
    for i in range(rows):
        begin = start + dt.timedelta(days=int(offsets[i]))
        end = (begin + dt.timedelta(days=30)).strftime("%d-%m-%Y") if status[i] != "lopend" else ""
        to = destination[i] if status[i] == "afgerond" else ""
        lines.append(f"T{i:07d};P{practice[i]:03d};{begin:%d-%m-%Y};{end};{status[i]};{to};{sessions[i]};"
                     f"{ages[i]};{marks[i]}")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "trajecten.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pilot = folder / f"{folder.name}.yaml"
    pilot.write_text("pilot: {naam: Benchmark, gemeente: Bench, gemeentecode: GM0001, start: 2023-01-01, "
                     "einde: 2023-12-31}\ndata: {trajecten: trajecten.csv}\n", encoding="utf-8")
    return pilot


def bench_large(work: Path, rows: int, runs: int) -> dict:
    pilot = write_registration(work / "groot", rows, 40)
    size_mb = (pilot.parent / "trajecten.csv").stat().st_size / 1e6
    result = median_of([measure("module", "evaluator", evaluate_args([pilot], work / "groot-uit", "json"))
                        for _ in range(runs)])
    return {"rows": rows, "file_mb": size_mb, **result}


def bench_audit(work: Path, cases: list[tuple[int, int]], runs: int, timeout: float) -> list[dict]:
    """Whole JSON runs of pilots with many small practices; the audit dominates them."""
    results = []
    for practices, per_practice in cases:
        pilot = write_registration(work / f"audit-{practices}", practices * per_practice, practices, seed=practices)
        runs_done = [measure("module", "evaluator", evaluate_args([pilot], work / f"audit-{practices}-uit", "json"),
                             timeout=timeout) for _ in range(runs)]
        results.append({"practices": practices, "per_practice": per_practice, **median_of(runs_done)})
    return results


def copied_pilots(work: Path, count: int) -> list[Path]:
    """``count`` pilot files, copies of the three examples with absolute data paths and their own names."""
    folder = work / "pilots"
    folder.mkdir(exist_ok=True)
    pilots = []
    for i in range(count):
        source = REPO / "pilots" / f"{EXAMPLES[i % len(EXAMPLES)]}.yaml"
        text = source.read_text(encoding="utf-8").replace("../examples/", f"{REPO / 'examples'}/")
        target = folder / f"pilot{i + 1:02d}.yaml"
        target.write_text(text, encoding="utf-8")
        pilots.append(target)
    return pilots


def bench_comparison(work: Path, count: int) -> dict:
    pilots = copied_pilots(work, count)
    together = measure("module", "evaluator", evaluate_args(pilots, work / "samen"), timeout=3600)
    singles = [measure("module", "evaluator", evaluate_args([p], work / "los" / p.stem)) for p in pilots]
    total = sum(s["wall"] for s in singles)
    return {"pilots": count, "together": together, "sum_of_singles": total, "ratio": together["wall"] / total,
            "ok": together["ok"] and all(s["ok"] for s in singles)}


def bench_help(runs: int) -> dict:
    return median_of([measure("module", "evaluator", ["--help"]) for _ in range(runs)])


def print_table(results: dict) -> None:
    def line(label: str, figures: dict, extra: str = "") -> None:
        state = "" if figures.get("ok", True) else f"  MISLUKT: {' '.join(figures.get('error', []))}"
        print(f"  {label:<44} {figures['wall']:8.2f} s  cpu {figures.get('cpu', float('nan')):7.2f} s  "
              f"piek {figures.get('peak_mb', float('nan')):6.0f} MB  {extra}{state}")

    print(f"Benchmark ({results['machine']['cpus']} kernen, mediaan van {results['runs']} runs)")
    if "example" in results:
        e = results["example"]
        line("voorbeeld Steenwijkerland, van begin tot eind", e["example"])
        line("ondergrens (imports + zelfde HTML naar PDF)", e["floor"], f"verhouding {e['ratio']:.2f}")
        line("voorbeeld opnieuw (controle uit de cache)", e["rerun"], f"verhouding {e['rerun_ratio']:.2f}")
    if "stages" in results:
        print("  aandeel per stap: " + ", ".join(f"{k} {v:.0%}" for k, v in results["stages"].items()))
    if "large" in results:
        g = results["large"]
        line(f"{g['rows']:,} trajecten ({g['file_mb']:.0f} MB) naar resultaten.json".replace(",", "."), g)
    for a in results.get("audit", []):
        line(f"controle kleine aantallen: {a['practices']} praktijken van ~{a['per_practice']}", a)
    if "comparison" in results:
        c = results["comparison"]
        line(f"{c['pilots']} pilots samen", c["together"],
             f"som los {c['sum_of_singles']:.1f} s, verhouding {c['ratio']:.2f}")
    if "help" in results:
        line("evaluate --help", results["help"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="processen per meting (mediaan)")
    parser.add_argument("--quick", action="store_true", help="kleine versie (CI): alleen om te zien dat het werkt")
    parser.add_argument("--json", type=Path, default=REPO / "rapporten" / "benchmark.json", help="uitvoerbestand")
    parser.add_argument("--skip", default="", help="onderdelen overslaan, bv. comparison,large")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    runs = 1 if args.quick else args.runs
    results: dict = {"date": dt.datetime.now().isoformat(timespec="seconds"), "runs": runs, "quick": args.quick,
                     "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
    with tempfile.TemporaryDirectory(prefix="evaluator-bench-") as tmp:
        work = Path(tmp)
        if "help" not in skip:
            results["help"] = bench_help(runs if not args.quick else 1)
        if "audit" not in skip and not args.quick:
            results["audit"] = bench_audit(work, [(100, 20), (400, 5)], runs, timeout=600)
        if "large" not in skip:
            results["large"] = bench_large(work, 300 if args.quick else 1_000_000, 1 if args.quick else runs)
        if not args.quick:
            if "example" not in skip:
                results["example"] = bench_example(work, runs)
            if "stages" not in skip:
                results["stages"] = bench_stages(work, runs)
            if "comparison" not in skip:
                results["comparison"] = bench_comparison(work, 20)
        shutil.rmtree(work, ignore_errors=True)
    print_table(results)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Geschreven: {args.json}")


if __name__ == "__main__":
    main()
