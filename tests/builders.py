"""Builders shared by the tests: pilots on disk, runs through the pipeline, panels and frames.

One module, so tests never import each other.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PILOTS = REPO / "pilots"
EXAMPLES = ("steenwijkerland", "tilburg", "groningen")

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


def write_pilot(folder: Path, yaml_text: str, registration: str | None = None) -> Path:
    """A pilot file (and its registration as trajecten.csv) in ``folder``; returns the pilot file."""
    folder.mkdir(parents=True, exist_ok=True)
    if registration is not None:
        (folder / "trajecten.csv").write_text(registration, encoding="utf-8")
    path = folder / "pilot.yaml"
    path.write_text(textwrap.dedent(yaml_text), encoding="utf-8")
    return path


def evaluate_run(path: Path):
    """(evaluation, figure table, published figures) of one pilot, without rendering anything."""
    from evaluator.pipeline import evaluate
    from evaluator.report.audit import audit
    from evaluator.report.publish import figure_table

    evaluation = evaluate(path)
    table = figure_table([evaluation])
    return evaluation, table, audit(table)


def lookup(data: dict, dotted: str):
    """``data['a']['b']`` for 'a.b'."""
    for part in dotted.split("."):
        data = data[part]
    return data
