"""Issue 15: runs that fail cleanly. Output folder names, writing several folders all or nothing,
OS errors in Dutch, the error log, and the short excerpts messages show of input values.

The hostile input files themselves are cases of tests/bad_inputs/manifest.yaml.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from evaluator import output, pipeline
from evaluator.cli import app
from evaluator.errors import OutputError, excerpt, os_problem
from evaluator.inputs.config import PilotConfig, load_pilot

CORPUS = Path(__file__).parent / "bad_inputs"


@pytest.mark.parametrize("name, slug", [
    ("...yaml", "pilot"), ("..yaml", "pilot"), (".verborgen.yaml", "verborgen"), ("a b/c.yaml", "c"),
    ("Steenwijkerland 2017.yaml", "Steenwijkerland_2017"), ("gemeente-één.yaml", "gemeente-één"),
    ("x" * 300 + ".yaml", "x" * 80),
])
def test_output_folder_name_is_safe(name, slug):
    config = PilotConfig.model_construct(path=Path("/ergens") / name)
    assert config.slug == slug
    assert "/" not in config.slug and config.slug not in (".", "..") and not config.slug.startswith(".")


def test_pilot_file_named_three_dots_writes_below_rapporten(tmp_path, monkeypatch):
    pilot = yaml.safe_load((CORPUS / "base_pilot.yaml").read_text(encoding="utf-8"))
    pilot["data"]["trajecten"] = str(CORPUS / "ok_trajecten.csv")
    work = tmp_path / "werk"
    work.mkdir()
    (work / "...yaml").write_text(yaml.safe_dump(pilot, sort_keys=False), encoding="utf-8")
    monkeypatch.chdir(work)
    result = CliRunner().invoke(app, ["...yaml", "-f", "json", "--datum", "2024-06-30"])
    assert result.exit_code == 0, result.output
    assert (work / "rapporten" / "pilot" / "resultaten.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["werk"]
    assert sorted(p.name for p in work.iterdir()) == ["...yaml", "rapporten"]


def _earlier(folder: Path) -> dict[str, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "rapport.html").write_bytes(b"eerder " + folder.name.encode())
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def _state(root: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None) for p in sorted(root.rglob("*"))}


def test_failure_in_a_later_folder_leaves_every_earlier_report(tmp_path):
    _earlier(tmp_path / "a")
    _earlier(tmp_path / "b")
    (tmp_path / "vergelijking").write_bytes(b"een bestand, geen map")
    before = _state(tmp_path)
    outputs = [(tmp_path / "a", {"rapport.html": b"nieuw a"}), (tmp_path / "b", {"rapport.html": b"nieuw b"}),
               (tmp_path / "vergelijking", {"vergelijking.html": b"nieuw"})]
    with pytest.raises(OutputError, match="vergelijking' kan niet worden gemaakt: er bestaat daar al een bestand"):
        output.write_all(outputs)
    assert _state(tmp_path) == before


def test_failure_while_moving_in_puts_everything_back(tmp_path):
    _earlier(tmp_path / "a")
    (tmp_path / "b" / "rapport.html").mkdir(parents=True)  # a folder where the report goes: the move fails
    before = _state(tmp_path)
    outputs = [(tmp_path / "a", {"rapport.html": b"nieuw a", "resultaten.json": b"{}"}),
               (tmp_path / "b", {"rapport.html": b"nieuw b"})]
    with pytest.raises(OutputError) as caught:
        output.write_all(outputs)
    assert "teruggezet" in caught.value.message and "Is a directory" not in caught.value.message
    assert _state(tmp_path) == before


def test_interrupt_while_moving_in_puts_everything_back(tmp_path, monkeypatch):
    _earlier(tmp_path / "a")
    _earlier(tmp_path / "b")
    before = _state(tmp_path)
    real_replace, calls = os.replace, []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 4:  # after folder a is in place, during folder b
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        output.write_all([(tmp_path / "a", {"rapport.html": b"nieuw a"}), (tmp_path / "b", {"rapport.html": b"nieuw b"})])
    monkeypatch.setattr(os, "replace", real_replace)
    assert _state(tmp_path) == before  # no .evaluatie-* folder left, both earlier reports back


KILLED_WHILE_MOVING_IN = """
import os, signal, sys
from pathlib import Path
from evaluator import output
real_replace, calls = os.replace, []
def replace(src, dst):
    calls.append(dst)
    if len(calls) == 4:  # folder a in place, folder b's earlier report set aside: killed, nothing cleans up
        os.kill(os.getpid(), signal.SIGKILL)
    real_replace(src, dst)
os.replace = replace
root = Path(sys.argv[1])
output.write_all([(root / "a", {"rapport.html": b"nieuw a"}), (root / "b", {"rapport.html": b"nieuw b"})])
"""


def test_what_a_killed_run_left_is_undone_by_the_next_run(tmp_path):
    import signal
    import subprocess
    import sys

    _earlier(tmp_path / "a")
    _earlier(tmp_path / "b")
    done = subprocess.run([sys.executable, "-c", KILLED_WHILE_MOVING_IN, str(tmp_path)], capture_output=True)
    assert done.returncode == -signal.SIGKILL
    assert list((tmp_path / "b").glob(".evaluatie-*")) and not (tmp_path / "b" / "rapport.html").exists()
    output.recover_interrupted(tmp_path / "b")
    assert _state(tmp_path / "b") == {"rapport.html": b"eerder b"}  # the earlier report back, nothing left over
    output.write_all([(tmp_path / "a", {"rapport.html": b"weer a"})])
    assert _state(tmp_path / "a") == {"rapport.html": b"weer a"}


def test_a_staging_folder_of_a_living_run_is_left_alone(tmp_path):
    staging = tmp_path / f".evaluatie-{os.getppid()}-abc"
    staging.mkdir()
    (staging / ".eerder-rapport.html").write_bytes(b"van een lopende run")
    output.recover_interrupted(tmp_path)
    assert (staging / ".eerder-rapport.html").exists() and not (tmp_path / "rapport.html").exists()


def test_new_folders_are_removed_when_nothing_is_written(tmp_path):
    (tmp_path / "bezet").write_bytes(b"x")
    with pytest.raises(OutputError):
        output.write_all([(tmp_path / "nieuw" / "a", {"r.html": b"a"}), (tmp_path / "bezet", {"r.html": b"b"})])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bezet"]


def test_disk_full_is_said_in_dutch(tmp_path, monkeypatch):
    def full(self, content):
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(OutputError) as caught:
        output.write_all([(tmp_path / "uit", {"rapport.html": b"x"})])
    message = caught.value.message
    assert "de schijf is vol" in message and "No space" not in message and ".evaluatie-" not in message
    assert f"'{tmp_path / 'uit'}'" in message or "uit'" in message


@pytest.mark.parametrize("code, dutch", [(errno.EEXIST, "bestaat daar al"), (errno.ENOSPC, "de schijf is vol"),
                                         (errno.EACCES, "geen leesrechten of schrijfrechten"),
                                         (errno.EROFS, "alleen-lezen"), (errno.ENOTDIR, "geen map")])
def test_os_errors_are_dutch(code, dutch):
    assert dutch in os_problem(OSError(code, os.strerror(code)))


def test_unknown_os_error_names_the_code_not_an_english_sentence():
    assert os_problem(OSError(errno.ENXIO, os.strerror(errno.ENXIO))) == "het besturingssysteem weigerde (ENXIO)"


def test_excerpt_is_short_and_printable():
    assert excerpt("a" * 5_000_000) == "a" * 39 + "…"
    assert excerpt("na\x1b[2Jam\nregel") == "na [2Jam regel"
    assert excerpt("kort") == "kort"


def _break_the_run(monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("interne fout")

    monkeypatch.setattr(pipeline, "describe_cohort", broken)


def test_error_log_goes_to_the_users_cache_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("EVALUATOR_LOGBESTAND", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    _break_the_run(monkeypatch)
    result = CliRunner().invoke(app, [str(CORPUS / "base_pilot.yaml"), "-o", str(tmp_path / "uit"), "-f", "json"])
    log = tmp_path / "cache" / "poh-jeugd-evaluator" / "fout.log"
    assert result.exit_code == 1 and str(log) in result.output
    assert "ZeroDivisionError" in log.read_text(encoding="utf-8")
    assert (log.stat().st_mode & 0o077) == 0 and (log.parent.stat().st_mode & 0o077) == 0


def test_error_log_does_not_follow_a_symbolic_link(tmp_path, monkeypatch):
    monkeypatch.delenv("EVALUATOR_LOGBESTAND", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "cache" / "poh-jeugd-evaluator"
    folder.mkdir(parents=True)
    victim = tmp_path / "iets_anders.txt"
    victim.write_text("blijft zo\n")
    (folder / "fout.log").symlink_to(victim)
    _break_the_run(monkeypatch)
    result = CliRunner().invoke(app, [str(CORPUS / "base_pilot.yaml"), "-o", str(tmp_path / "uit"), "-f", "json"])
    assert result.exit_code == 1
    assert "geen logbestand" in result.output and "koppeling" in result.output
    assert victim.read_text() == "blijft zo\n"


def test_impossible_date_in_the_report_section_is_named(tmp_path):
    text = (CORPUS / "base_pilot.yaml").read_text(encoding="utf-8").replace("datum: 2024-06-30", "datum: 2024-02-30")
    (tmp_path / "pilot.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(Exception) as caught:
        load_pilot(tmp_path / "pilot.yaml")
    assert "rapport.datum (regel 17): is geen bestaande datum" in caught.value.message
