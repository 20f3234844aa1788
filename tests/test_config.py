"""The pilot file: required keys, defaults, paths relative to the YAML, Dutch errors."""

from __future__ import annotations

import datetime as dt

import pytest

from evaluator.inputs.config import load_pilot
from evaluator.errors import ConfigError
from tests.builders import PILOTS, write_pilot

BASE = """\
pilot:
  naam: Test
  gemeente: Testgemeente
  gemeentecode: GM9999
  start: 2023-04-01
  einde: 2023-12-31
data:
  trajecten: data/trajecten.csv
"""


def test_minimal_pilot_gets_defaults_and_resolves_paths(tmp_path):
    config = load_pilot(write_pilot(tmp_path, BASE))
    assert config.pilot.start == dt.date(2023, 4, 1)
    assert config.data.trajectories == (tmp_path / "data" / "trajecten.csv").resolve()
    assert config.settings.suppression_threshold == 5
    assert config.financing.jeugdwet == 1.0
    assert config.costs is None


@pytest.mark.parametrize("name", ["steenwijkerland", "tilburg", "groningen"])
def test_example_pilots_validate(name):
    config = load_pilot(PILOTS / f"{name}.yaml")
    assert config.data.trajectories.exists()


def test_unknown_key_is_named_with_line_and_suggestion(tmp_path):
    text = BASE.replace("  gemeente: Testgemeente\n", "  gemeente: Testgemeente\n  gemeentcode2: x\n")
    with pytest.raises(ConfigError) as caught:
        load_pilot(write_pilot(tmp_path, text))
    message = caught.value.describe()
    assert "pilot.gemeentcode2" in message
    assert "regel 4" in message
    assert "Bedoelt u 'gemeentecode'?" in message


def test_several_errors_are_reported_together(tmp_path):
    text = BASE.replace("GM9999", "1708")
    text += "financiering: {jeugdwet: 0.5, zvw: 0.4}\n"
    with pytest.raises(ConfigError) as caught:
        load_pilot(write_pilot(tmp_path, text))
    message = caught.value.describe()
    assert "gemeentecode" in message and "GM1708" in message
    assert "financiering" in message


def test_end_before_start(tmp_path):
    with pytest.raises(ConfigError, match="einde"):
        load_pilot(write_pilot(tmp_path, BASE.replace("2023-12-31", "2022-12-31")))


def test_missing_required_section(tmp_path):
    text = BASE.split("data:")[0]
    with pytest.raises(ConfigError) as caught:
        load_pilot(write_pilot(tmp_path, text))
    assert "data" in caught.value.describe() and "verplicht" in caught.value.describe()


def test_parameter_outside_its_range_is_refused(tmp_path):
    text = BASE + "aannames:\n  verwijskans_zonder_poh: {waarde: 0.95, bereik: [0.5, 0.9]}\n"
    with pytest.raises(ConfigError) as caught:
        load_pilot(write_pilot(tmp_path, text))
    assert "bereik" in caught.value.describe()


def test_yaml_syntax_error_names_line(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_pilot(write_pilot(tmp_path, BASE + "rapport:\n  titel: [niet gesloten\n"))
    assert "geen geldige YAML" in caught.value.describe()
    assert "regel" in caught.value.describe()


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ConfigError, match="bestaat niet"):
        load_pilot(tmp_path / "nergens.yaml")
    with pytest.raises(ConfigError, match="is een map"):
        load_pilot(tmp_path)
