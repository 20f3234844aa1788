"""The pipeline writes only the files asked for, all of them or none."""

from __future__ import annotations

import datetime as dt

from evaluator import pipeline


def test_run_writes_files_atomically(small_pilot, tmp_path):
    out = tmp_path / "uit"
    result = pipeline.run(small_pilot, pipeline.RunOptions(out_dir=out, formats=("json", "html"),
                                                           report_date=dt.date(2024, 6, 30)))
    assert sorted(p.name for p in out.iterdir()) == ["collegeversie.html", "rapport.html", "resultaten.json"]
    assert {p.name for p in result.written} == {"collegeversie.html", "rapport.html", "resultaten.json"}
