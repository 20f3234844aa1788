"""Nothing leaves the machine: a full evaluation with PDF succeeds while every socket is blocked.

The gemeente's own stylesheet tries to load a web font and a background image over the
internet; WeasyPrint's URL fetcher must refuse them (the report is made without them).
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from evaluator.cli import app
from evaluator.report.render import local_only_fetcher

CORPUS = Path(__file__).parent / "bad_inputs"


class NetworkUsed(AssertionError):
    pass


def _refuse(*args, **kwargs):
    raise NetworkUsed(f"netwerkverbinding geprobeerd: {args[:2]}")


@pytest.fixture
def no_sockets(monkeypatch):
    calls: list[tuple] = []

    def record(*args, **kwargs):
        calls.append(args)
        _refuse(*args, **kwargs)

    monkeypatch.setattr(socket, "socket", record)
    monkeypatch.setattr(socket, "create_connection", record)
    monkeypatch.setattr(socket, "getaddrinfo", record)
    return calls


def test_fetcher_refuses_everything_but_local_files(tmp_path):
    allowed = tmp_path / "huisstijl"
    allowed.mkdir()
    (allowed / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    (tmp_path / "geheim.txt").write_text("niet serveren", encoding="utf-8")
    fetcher = local_only_fetcher([allowed.resolve()])
    assert fetcher.fetch((allowed / "logo.svg").as_uri()) is not None
    for url in ("https://example.org/x.css", "http://127.0.0.1/x.png", "ftp://example.org/x",
                (tmp_path / "geheim.txt").as_uri(), (allowed / ".." / "geheim.txt").as_uri()):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_full_evaluation_with_pdf_without_network(tmp_path, no_sockets):
    stylesheet = tmp_path / "huisstijl.css"
    stylesheet.write_text(
        "@import url('https://fonts.example.org/font.css');\n"
        "@font-face { font-family: Extern; src: url('https://fonts.example.org/extern.woff2'); }\n"
        "body { background: url('http://example.org/achtergrond.png'); }\n",
        encoding="utf-8",
    )
    pilot = yaml.safe_load((CORPUS / "base_pilot.yaml").read_text(encoding="utf-8"))
    pilot["data"]["trajecten"] = str(CORPUS / "ok_trajecten.csv")
    pilot["rapport"]["stylesheet"] = str(stylesheet)
    pilot_file = tmp_path / "pilot.yaml"
    pilot_file.write_text(yaml.safe_dump(pilot, sort_keys=False), encoding="utf-8")
    out = tmp_path / "uit"

    result = CliRunner().invoke(app, [str(pilot_file), "-o", str(out), "--datum", "2024-06-30"])

    assert result.exit_code == 0, result.output
    assert no_sockets == []
    pdf = (out / "rapport.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    assert b"example.org" not in pdf
    college = (out / "collegeversie.pdf").read_bytes()  # the collegeversie is written next to rapport.pdf
    assert college.startswith(b"%PDF") and b"example.org" not in college
