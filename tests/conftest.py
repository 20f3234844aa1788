"""Shared fixtures: a small fixed pilot written to a temporary folder."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PILOTS = REPO / "pilots"

SMALL_REGISTRATION = """traject_id;praktijk;startdatum;einddatum;status;verwezen_naar;aantal_gesprekken;verwijzing_zonder_poh;leeftijd;geslacht;hulpvraag;wachttijd_dagen;tevredenheid;doel_bereikt
T01;P1;03-04-2023;15-05-2023;afgerond;geen;3;basis_ggz;9;j;angst_stemming;5;8;ja
T02;P1;10-04-2023;20-06-2023;afgerond;geen;6;specialistische_ggz;14;m;gedrag;7;9;ja
T03;P1;17-04-2023;01-06-2023;afgerond;specialistische_ggz;2;specialistische_ggz;15;m;trauma;3;7;deels
T04;P1;24-04-2023;;lopend;;4;;11;j;opvoeding;10;;
T05;P2;02-05-2023;30-06-2023;afgerond;geen;5;geen;6;j;opvoeding;12;8,5;ja
T06;P2;09-05-2023;10-07-2023;afgerond;wijkteam;3;basis_ggz;8;m;school;4;7;nee
T07;P2;16-05-2023;01-08-2023;afgerond;geen;7;basis_ggz;16;m;angst_stemming;6;9;ja
T08;P2;23-05-2023;15-06-2023;uitgevallen;;1;onbekend;13;j;gedrag;20;;
T09;P3;01-06-2023;15-08-2023;afgerond;basis_ggz;2;basis_ggz;17;m;angst_stemming;2;6;deels
T10;P3;08-06-2023;30-08-2023;afgerond;geen;4;wijkteam;4;j;ontwikkeling;9;8;ja
T11;P3;15-06-2023;01-09-2023;afgerond;geen;8;specialistische_ggz;12;x;trauma;14;10;ja
T12;P3;22-06-2023;;lopend;;2;;7;j;school;8;;
"""

SMALL_PILOT = """\
pilot:
  naam: POH-jeugd Testgemeente
  gemeente: Testgemeente
  gemeentecode: GM9999
  start: 2023-04-01
  einde: 2023-12-31
data:
  trajecten: trajecten.csv
rapport:
  datum: 2024-01-15
"""


@pytest.fixture
def small_pilot(tmp_path: Path) -> Path:
    """A 12-trajectory pilot with hand-checkable figures; returns the YAML path."""
    (tmp_path / "trajecten.csv").write_text(SMALL_REGISTRATION, encoding="utf-8")
    pilot = tmp_path / "pilot.yaml"
    pilot.write_text(SMALL_PILOT, encoding="utf-8")
    return pilot


def write_pilot(folder: Path, yaml_text: str, registration: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if registration is not None:
        (folder / "trajecten.csv").write_text(registration, encoding="utf-8")
    path = folder / "pilot.yaml"
    path.write_text(textwrap.dedent(yaml_text), encoding="utf-8")
    return path
