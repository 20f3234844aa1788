"""`evaluate cbs` against recorded CBS answers, never the network.

The recorded answer (tests/fixtures/cbs/antwoord-jeugdzorg-wijken-2022.json, made by opnemen.py from a real
CBS extract) has the shape of cbsodata.download_data(typed=True) for a table with referrers as topics. The
layout of table 85097NED (a referrer dimension, one topic) is made from the same numbers. Offline, the real
client gives a clear Dutch message.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evaluator.cli import cbs_app, main
from evaluator.errors import NetworkError
from evaluator.inputs.cbs import load_cbs
from evaluator.tools import cbs_download

RECORDED = Path(__file__).parent / "fixtures" / "cbs" / "antwoord-jeugdzorg-wijken-2022.json"
REFERRERS = {"T001177": ("Totaal verwijzers", "TotaalTrajectenInNatura_9"), "A041":  ("Huisarts", "Huisarts_11"),
             "A042": ("Gemeentelijke toegang", "GemeentelijkeToegang_10"), "A048": ("Geen verwijzer", "GeenVerwijzer_16"),
             "A049": ("Verwijzer onbekend", "VerwijzerOnbekend_17")}


def wide() -> dict:
    return json.loads(RECORDED.read_text(encoding="utf-8"))


def long_layout() -> dict:
    """The 85097NED layout (RegioS, VerwijzerJeugdzorg, one topic), two half-years, the second provisional."""
    source = wide()
    data = []
    for half, row in ((half, row) for half in ("2022HJ01", "2022HJ02") for row in source["TypedDataSet"]):
        for key, (_, topic) in REFERRERS.items():
            data.append({"ID": len(data), "VerwijzerJeugdzorg": key, "RegioS": row["Wijken"], "Perioden": half,
                         "Jeugdhulptrajecten_1": row[topic]})
    return {"TableInfos": [{"Identifier": "85097NED", "Title": "Jeugdhulptrajecten in natura; verwijzer, regio",
                            "Modified": "2024-10-31T02:00:00"}],
            "DataProperties": [{"Key": "VerwijzerJeugdzorg", "Type": "Dimension"},
                               {"Key": "RegioS", "Type": "GeoDimension"}, {"Key": "Perioden", "Type": "TimeDimension"},
                               {"Key": "Jeugdhulptrajecten_1", "Type": "Topic"}],
            "TypedDataSet": data,
            "VerwijzerJeugdzorg": [{"Key": k, "Title": t} for k, (t, _) in REFERRERS.items()],
            "RegioS": [{"Key": r["Key"], "Title": r["Title"]} for r in source["Wijken"]],
            "Perioden": [{"Key": "2022HJ01", "Title": "2022 1e halfjaar", "Status": "Definitief"},
                         {"Key": "2022HJ02", "Title": "2022 2e halfjaar", "Status": "Voorlopig"}]}


def recorded(answer: dict, calls: list | None = None):
    def fetch(table_id, filters):
        if calls is not None:
            calls.append((table_id, filters))
        return answer
    return fetch


def test_wide_answer_becomes_the_tidy_csv_the_evaluator_reads(tmp_path):
    result = cbs_download.download(2022, 2022, fetch=recorded(wide()), table_id="wijken2022")
    assert result.municipalities == 345 and result.statuses == {"2022JJ00": "definitief"}
    csv_file, side = cbs_download.write(result, tmp_path / "cbs-statline.csv")
    data = load_cbs(csv_file)
    frame = data.frame
    groningen = frame.filter(frame["gebied"] == "GM0014").row(0, named=True)
    assert (groningen["huisarts"], groningen["totaal"], groningen["naam"]) == (3515, 8265, "Groningen")
    assert frame.filter(frame["is_national"]).height == 1 and data.provisional_rows == 0
    # CBS did not publish 'huisarts' for Schiermonnikoog and Vlieland in 2022: written '.', read as suppressed
    assert data.suppressed_cells == 2
    assert frame.filter(frame["gebied"].is_in(["GM0088", "GM0096"]))["huisarts"].to_list() == [None, None]
    source = json.loads(side.read_text(encoding="utf-8"))
    assert source["tabel"]["id"] == "wijken2022" and source["status_per_periode"] == {"2022JJ00": "definitief"}
    assert source["gedownload_op"] and source["gemeenten"] == 345


def test_referrer_dimension_layout_with_a_provisional_period(tmp_path):
    calls: list = []
    result = cbs_download.download(2022, 2022, fetch=recorded(long_layout(), calls))
    assert calls[0][0] == "85097NED" and "substringof('2022',Perioden)" in calls[0][1] and "RegioS" in calls[0][1]
    assert result.statuses == {"2022HJ01": "definitief", "2022HJ02": "voorlopig"}
    csv_file, _ = cbs_download.write(result, tmp_path / "cbs.csv")
    frame = load_cbs(csv_file).frame
    assert frame.filter(frame["provisional"]).height == frame.height // 2
    row = frame.filter((frame["gebied"] == "GM0014") & ~frame["provisional"]).row(0, named=True)
    assert (row["huisarts"], row["totaal"], row["geen_verwijzer"], row["verwijzer_onbekend"]) == (3515, 8265, 200, 65)


def test_year_outside_the_answer_is_a_dutch_error():
    with pytest.raises(Exception, match="geen gemeenten in 2019-2020"):
        cbs_download.download(2019, 2020, fetch=recorded(wide()))


def test_offline_gives_a_clear_dutch_message(monkeypatch):
    pytest.importorskip("cbsodata")

    def offline(*args, **kwargs):
        raise socket.gaierror(-3, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", offline)
    monkeypatch.setattr(socket, "create_connection", offline)
    with pytest.raises(NetworkError) as caught:
        cbs_download.fetch_with_cbsodata("85097NED", None)
    message = caught.value.describe()
    assert "Geen verbinding met het CBS" in message and "enige commando dat internet" in message


def test_cli_says_it_uses_the_network_and_fails_offline_with_exit_1(monkeypatch, tmp_path):
    def offline(table_id, filters):
        raise NetworkError("Geen verbinding met het CBS (opendata.cbs.nl).")

    monkeypatch.setattr(cbs_download, "fetch_with_cbsodata", offline)
    monkeypatch.setattr(cbs_download.download, "__defaults__", (None, "85097NED", offline))
    result = CliRunner().invoke(cbs_app, ["--van", "2015", "--tot", "2023", "--uit", str(tmp_path / "c.csv")])
    assert result.exit_code == 1
    assert "via internet" in result.output and "Fout: Geen verbinding met het CBS" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "c.csv").exists()


def test_cli_writes_csv_and_source_file(monkeypatch, tmp_path):
    monkeypatch.setattr(cbs_download.download, "__defaults__", (None, "85097NED", recorded(long_layout())))
    result = CliRunner().invoke(cbs_app, ["--van", "2022", "--tot", "2022", "-o", str(tmp_path / "c.csv")])
    assert result.exit_code == 0, result.output
    assert "345 gemeenten" in result.output and "voorlopig: 2022HJ02" in result.output
    assert (tmp_path / "c.csv").exists() and (tmp_path / "c-bron.json").exists()


def test_main_dispatches_cbs_and_keeps_pilot_files(monkeypatch, tmp_path):
    seen = {}
    monkeypatch.setattr("evaluator.cli.SUBCOMMANDS", {"cbs": lambda args, prog_name: seen.update(cbs=args),
                                                      "nieuw": lambda args, prog_name: seen.update(nieuw=args)})
    monkeypatch.setattr("evaluator.cli.app", lambda args, prog_name: seen.update(pilot=args))
    main(["cbs", "--van", "2015"])
    main(["nieuw", "map"])
    main(["pilots/cbs.yaml", "--check"])
    assert seen == {"cbs": ["--van", "2015"], "nieuw": ["map"], "pilot": ["pilots/cbs.yaml", "--check"]}


@pytest.mark.parametrize("args, fragment", [(["--van", "2015"], "--tot"), (["--van", "x", "--tot", "2020"], "geheel getal"),
                                            (["--van", "2015", "--tot", "2020", "--soort", "maand"], "halfjaar of jaar")])
def test_cbs_usage_errors_are_dutch(args, fragment):
    result = CliRunner().invoke(cbs_app, args)
    assert result.exit_code == 2 and fragment in result.output and "Error" not in result.output
