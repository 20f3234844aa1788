"""Benchmark: speed and memory of the evaluator's stages, printed as figures.

Run: ``python scripts/benchmark.py [--sizes 1000,100000,1000000]``. For each size it
writes a synthetic registration (CSV) to a temporary folder and times loading +
validation + cohort statistics, with peak memory (RSS) of a fresh process per size.
It also times the three example pilots end to end (JSON + HTML + PDF) and the
business-case Monte Carlo at 10,000 and 100,000 draws. Nothing is asserted: this
script measures; tests check correctness.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DESTINATIONS = ["geen", "specialistische_ggz", "basis_ggz", "wijkteam", "jeugdhulp_lvb", "vrij_toegankelijk", "overig"]


def write_registration(folder: Path, rows: int) -> Path:
    rng = np.random.default_rng(1)
    start = dt.date(2023, 1, 1)
    offsets = rng.integers(0, 360, rows)
    status = rng.choice(["afgerond", "lopend", "uitgevallen"], rows, p=[0.8, 0.15, 0.05])
    dest = rng.choice(DESTINATIONS, rows, p=[0.54, 0.2, 0.04, 0.12, 0.05, 0.02, 0.03])
    sessions = rng.integers(1, 12, rows)
    lines = ["traject_id;praktijk;startdatum;einddatum;status;verwezen_naar;aantal_gesprekken;leeftijd;tevredenheid"]
    for i in range(rows):
        begin = start + dt.timedelta(days=int(offsets[i]))
        done = status[i] != "lopend"
        end = (begin + dt.timedelta(days=30)).strftime("%d-%m-%Y") if done else ""
        destination = dest[i] if status[i] == "afgerond" else ""
        lines.append(f"T{i:07d};P{i % 40:02d};{begin:%d-%m-%Y};{end};{status[i]};{destination};{sessions[i]};"
                     f"{rng.integers(0, 18)};{rng.integers(5, 11)}")
    (folder / "trajecten.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pilot = folder / "pilot.yaml"
    pilot.write_text("pilot: {naam: Benchmark, gemeente: Bench, gemeentecode: GM0001, start: 2023-01-01, "
                     "einde: 2023-12-31}\ndata: {trajecten: trajecten.csv}\n", encoding="utf-8")
    return pilot


STAGE_SCRIPT = """
import json, resource, sys, time
t0 = time.perf_counter()
from evaluator.inputs.config import load_pilot
from evaluator.inputs.validate import load_dataset
from evaluator.cohort.describe import describe_cohort
t1 = time.perf_counter()
config = load_pilot(sys.argv[1]); dataset = load_dataset(config)
t2 = time.perf_counter()
describe_cohort(config, dataset)
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load_validate": t2 - t1, "cohort": t3 - t2,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def bench_sizes(sizes: list[int]) -> None:
    print("Registratie: inlezen + controleren + cohortstatistiek (apart proces per grootte)")
    print(f"{'rijen':>10} {'bestand MB':>10} {'inlezen+controle s':>19} {'cohort s':>9} {'rijen/s':>10} {'piek RSS MB':>12}")
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            pilot = write_registration(Path(tmp), size)
            mb = (Path(tmp) / "trajecten.csv").stat().st_size / 1e6
            out = subprocess.run([sys.executable, "-c", STAGE_SCRIPT, str(pilot)], capture_output=True, text=True,
                                 check=True, cwd=REPO)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            rate = size / r["load_validate"]
            print(f"{size:>10,} {mb:>10.1f} {r['load_validate']:>19.2f} {r['cohort']:>9.2f} {rate:>10,.0f} "
                  f"{r['peak_rss_mb']:>12.0f}")


def bench_examples() -> None:
    from evaluator import pipeline

    print("\nVoorbeeldpilots van begin tot eind (JSON + HTML + PDF)")
    for name in ("steenwijkerland", "tilburg", "groningen"):
        t0 = time.perf_counter()
        evaluation = pipeline.evaluate(REPO / "pilots" / f"{name}.yaml",
                                       pipeline.RunOptions(report_date=dt.date(2024, 6, 30)))
        t1 = time.perf_counter()
        files = pipeline.render_outputs(evaluation, pipeline.FORMATS)
        t2 = time.perf_counter()
        pdf_kb = len(files["rapport.pdf"]) / 1024
        print(f"  {name:<16} berekenen {t1 - t0:6.2f} s   rapport maken {t2 - t1:6.2f} s   PDF {pdf_kb:7.0f} kB")
    print(f"  piek RSS van dit proces: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def bench_monte_carlo() -> None:
    from evaluator import pipeline
    from evaluator.business_case import build_business_case
    from evaluator.inputs.config import load_pilot
    from evaluator.effect import estimate_effect
    from evaluator.inputs.validate import load_dataset

    print("\nKosten-baten: Monte Carlo (Tilburg)")
    config = load_pilot(REPO / "pilots" / "tilburg.yaml")
    dataset = load_dataset(config)
    effect = estimate_effect(config, dataset)
    for draws in (10_000, 100_000):
        cfg = config.model_copy(update={"settings": config.settings.model_copy(update={"draws": draws})})
        t0 = time.perf_counter()
        build_business_case(cfg, dataset, effect)
        print(f"  {draws:>7,} trekkingen: {time.perf_counter() - t0:6.2f} s (inclusief tornado en kanscurve)")
    del pipeline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000,1000000")
    parser.add_argument("--skip-examples", action="store_true")
    args = parser.parse_args()
    bench_sizes([int(s) for s in args.sizes.split(",")])
    if not args.skip_examples:
        bench_examples()
        bench_monte_carlo()


if __name__ == "__main__":
    main()
