"""`evaluate nieuw MAP`: a pilot folder that `evaluate --check` explains until it is filled in."""

from __future__ import annotations

import openpyxl
import yaml
from typer.testing import CliRunner

from evaluator.cli import app, new_app
from evaluator.inputs.placeholders import placeholders

runner = CliRunner()
REQUIRED = {"pilot → naam", "pilot → gemeente", "pilot → gemeentecode", "pilot → start", "pilot → einde"}


def test_new_folder_holds_pilot_file_template_and_readme(tmp_path):
    folder = tmp_path / "pilot-zwolle"
    result = runner.invoke(new_app, [str(folder)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["LEESMIJ.md", "pilot.yaml", "registratie-uitleg.md",
                                                        "registratie.xlsx"]
    tree = yaml.safe_load((folder / "pilot.yaml").read_text(encoding="utf-8"))
    assert {key for key, _ in placeholders(tree)} == REQUIRED
    assert tree["data"]["trajecten"] == "registratie.xlsx"
    assert openpyxl.load_workbook(folder / "registratie.xlsx").sheetnames[0] == "Registratie"
    readme = (folder / "LEESMIJ.md").read_text(encoding="utf-8")
    assert "evaluate --check" in readme and "evaluate cbs" in readme and f"{folder.name}/pilot.yaml" in readme


def test_check_lists_what_is_still_to_fill_in(tmp_path):
    folder = tmp_path / "nieuw"
    runner.invoke(new_app, [str(folder)])
    result = runner.invoke(app, ["--check", str(folder / "pilot.yaml")])
    assert result.exit_code == 1
    assert "nog niet helemaal ingevuld" in result.output and "5 sleutel(s)" in result.output
    assert "pilot → gemeentecode: de CBS-code van de gemeente: GM en vier cijfers" in result.output
    assert "Traceback" not in result.output


def test_filled_in_folder_passes_check(tmp_path):
    folder = tmp_path / "nieuw"
    runner.invoke(new_app, [str(folder)])
    text = (folder / "pilot.yaml").read_text(encoding="utf-8")
    for key, value in (("naam", "POH-jeugd Zwolle"), ("gemeente", "Zwolle"), ("gemeentecode", "GM0193"),
                       ("start", "2023-04-01"), ("einde", "2023-12-31")):
        start = text.index(f"  {key}: \"VUL IN")
        text = text[:start] + f"  {key}: {value}" + text[text.index("\n", start):]
    (folder / "pilot.yaml").write_text(text, encoding="utf-8")
    book = openpyxl.load_workbook(folder / "registratie.xlsx")
    sheet = book["Registratie"]
    for i in range(12):
        sheet.append([f"T{i:03d}", f"P{i % 2 + 1}", f"{i % 27 + 1:02d}-05-2023", f"{i % 27 + 1:02d}-08-2023", "afgerond",
                      "geen" if i % 3 else "basis_ggz", 3 + i % 4])
    book.save(folder / "registratie.xlsx")
    result = runner.invoke(app, ["--check", str(folder / "pilot.yaml")])
    assert result.exit_code == 0, result.output
    assert "Pilotbestand in orde: POH-jeugd Zwolle" in result.output and "12 trajecten" in result.output


def test_refuses_a_folder_that_is_not_empty(tmp_path):
    folder = tmp_path / "bestaand"
    folder.mkdir()
    (folder / "pilot.yaml").write_text("eigen werk", encoding="utf-8")
    result = runner.invoke(new_app, [str(folder)])
    assert result.exit_code == 1 and "overschrijft niets" in result.output
    assert (folder / "pilot.yaml").read_text(encoding="utf-8") == "eigen werk"
    assert sorted(p.name for p in folder.iterdir()) == ["pilot.yaml"]


def test_an_empty_existing_folder_is_used(tmp_path):
    result = runner.invoke(new_app, [str(tmp_path)])
    assert result.exit_code == 0 and (tmp_path / "pilot.yaml").exists()
