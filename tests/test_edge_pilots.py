"""Valid but unusual pilots through the CLI: each must give a complete Dutch report.

The counterpart of the bad-input corpus (tests/bad_inputs): these inputs are all valid, so
every run must exit 0 and write resultaten.json and rapport.html (and rapport.pdf for a
handful), with the required keys, and without NaN/None/inf, template syntax, tracebacks or
English placeholder text in what a reader sees. Where the data cannot support a figure the
report must say so in Dutch.

Each case writes its own pilot (YAML + CSV) into ``tmp_path`` with the helpers below. A run audits
every published figure (a few seconds each), so one case per kind runs by default and the rest with
``python -m pytest -m slow``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from evaluator.cli import app
from tests.builders import REQUIRED_KEYS, lookup

SHARED = Path(__file__).resolve().parents[2] / "shared"
REPORT_DATE = "2024-06-30"
ALL_COLUMNS = (
    "traject_id", "praktijk", "startdatum", "einddatum", "status", "verwezen_naar", "aantal_gesprekken",
    "verwijzing_zonder_poh", "leeftijd", "geslacht", "hulpvraag", "wachttijd_dagen", "tevredenheid", "doel_bereikt",
)
REQUIRED_COLUMNS = ALL_COLUMNS[:7]
REFERRALS = ("specialistische_ggz", "basis_ggz", "wijkteam", "jeugdhulp_lvb", "vrij_toegankelijk", "overig")
HULPVRAGEN = ("angst_stemming", "gedrag", "opvoeding", "ontwikkeling", "school", "trauma", "overig")

# What a reader must never see (checked on visible text and alt/title/aria-label attributes).
FORBIDDEN = [
    (re.compile(r"\bnan\b", re.IGNORECASE), "nan"),
    (re.compile(r"\bNone\b"), "None"),
    (re.compile(r"(?<![\w-])-?inf(inity)?\b", re.IGNORECASE), "inf"),
    (re.compile(r"\b(null|undefined|True|False)\b"), "Python/JS-waarde"),
    (re.compile(r"\{\{|\}\}|\{%|%\}"), "sjabloonsyntaxis"),
    (re.compile(r"Traceback|Exception|Error\b"), "foutmelding"),
    (re.compile(r"\b(the|and|with|without|missing|unknown|Unknown|not available|N/A|n/a|TODO|FIXME|"
                r"placeholder|lorem|estimate|warning|Warning|error|per year|month|months)\b"), "Engels"),
]


# --------------------------------------------------------------------------- writers


def write_yaml(folder: Path, tree: dict, name: str = "pilot.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_csv(path: Path, header: list[str] | tuple[str, ...], rows: list[list], sep: str = ";") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [sep.join(header)]
    for row in rows:
        lines.append(sep.join("" if v is None else str(v) for v in row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _pick(value, i: int, rng: random.Random):
    return value(i, rng) if callable(value) else value


def trajectories(
    n: int = 60,
    *,
    start: dt.date = dt.date(2023, 1, 1),
    end: dt.date = dt.date(2023, 12, 31),
    practices: list[str] | tuple[str, ...] = ("P1", "P2", "P3"),
    status=None,
    referral=None,
    intention=None,
    age=None,
    hulpvraag=None,
    seed: int = 1,
) -> list[dict]:
    """n valid trajectories; status/referral/intention/age/hulpvraag: constant or f(i, rng)."""
    rng = random.Random(seed)
    span = max((end - start).days, 0)
    rows = []
    for i in range(n):
        begin = start + dt.timedelta(days=rng.randint(0, span))
        st = _pick(status, i, rng) if status is not None else rng.choices(
            ("afgerond", "lopend", "uitgevallen"), (0.7, 0.2, 0.1))[0]
        finish = None
        if st != "lopend":
            finish = min(begin + dt.timedelta(days=rng.randint(0, 90)), end)
        if st == "afgerond":
            ref = _pick(referral, i, rng) if referral is not None else rng.choices(
                ("geen",) + REFERRALS, (0.55, 0.15, 0.1, 0.1, 0.04, 0.04, 0.02))[0]
        else:
            ref = None
        intent = _pick(intention, i, rng) if intention is not None else rng.choice(("geen",) + REFERRALS + ("onbekend",))
        rows.append({
            "traject_id": f"T{i + 1:05d}",
            "praktijk": practices[i % len(practices)],
            "startdatum": begin.isoformat(),
            "einddatum": finish.isoformat() if finish else None,
            "status": st,
            "verwezen_naar": ref,
            "aantal_gesprekken": rng.randint(1, 10),
            "verwijzing_zonder_poh": intent,
            "leeftijd": _pick(age, i, rng) if age is not None else rng.randint(0, 17),
            "geslacht": rng.choice(("j", "m", "x", "onbekend")),
            "hulpvraag": _pick(hulpvraag, i, rng) if hulpvraag is not None else rng.choice(HULPVRAGEN),
            "wachttijd_dagen": rng.randint(0, 40),
            "tevredenheid": rng.choice((6, 7, 7.5, 8, 8.5, 9, 10)),
            "doel_bereikt": rng.choice(("ja", "deels", "nee")),
        })
    return rows


def write_trajectories(folder: Path, rows: list[dict], columns=ALL_COLUMNS, blank=()) -> Path:
    """CSV with ``columns``; columns in ``blank`` are present but left empty."""
    body = [[None if c in blank else r[c] for c in columns] for r in rows]
    return write_csv(folder / "trajecten.csv", columns, body)


def base_pilot(start: dt.date = dt.date(2023, 1, 1), end: dt.date = dt.date(2023, 12, 31), *,
               code: str = "GM9999", name: str = "Randgemeente", costs: bool = True, **extra) -> dict:
    tree: dict = {
        "pilot": {"naam": f"POH-jeugd {name}", "gemeente": name, "gemeentecode": code,
                  "start": start.isoformat(), "einde": end.isoformat()},
        "data": {"trajecten": "trajecten.csv"},
        "instellingen": {"trekkingen": 2000, "permutaties": 199},
    }
    if costs:
        tree["kosten"] = {"personeel_per_jaar": {"waarde": 80000, "bereik": [70000, 95000]},
                          "overhead_percentage": 10, "overige_per_jaar": 3000, "eenmalig": 5000}
        tree["aannames"] = {"verwijskans_zonder_poh": {"waarde": 0.6, "bereik": [0.4, 0.8]}}
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(tree.get(key), dict):
            tree[key] = {**tree[key], **value}
        else:
            tree[key] = value
    return tree


def pilot(folder: Path, rows: list[dict] | None = None, *, columns=ALL_COLUMNS, blank=(), **tree_args) -> Path:
    rows = trajectories() if rows is None else rows
    write_trajectories(folder, rows, columns, blank)
    return write_yaml(folder, base_pilot(**tree_args))


def quarters(first_year: int, count: int) -> list[str]:
    return [f"{first_year + q // 4}-Q{q % 4 + 1}" for q in range(count)]


def months(first_year: int, count: int) -> list[str]:
    return [f"{first_year + m // 12}-{m % 12 + 1:02d}" for m in range(count)]


def write_panel(folder: Path, practices: list[str], periods: list[str], treated_from: dict[str, int | None],
                covariate=None, seed: int = 3) -> Path:
    """Practice panel; ``treated_from[p]`` is the index of the first treated period (None: never)."""
    rng = random.Random(seed)
    header = ["praktijk", "periode", "poh_actief", "verwijzingen", "ingeschreven_jeugd"]
    if covariate is not None:
        header.append("aandeel_lage_inkomens")
    rows = []
    for p_index, practice in enumerate(practices):
        listed = 600 + 97 * p_index
        for t, period in enumerate(periods):
            first = treated_from.get(practice)
            active = int(first is not None and t >= first)
            rate = 0.025 * (0.75 if active else 1.0)
            row = [practice, period, active, max(0, int(rng.gauss(listed * rate, 3))), listed]
            if covariate is not None:
                row.append(covariate(p_index, t))
            rows.append(row)
    return write_csv(folder / "praktijken.csv", header, rows, sep=",")


def write_cbs_tidy(folder: Path, areas: list[str], years: list[int], pilot_code: str, pilot_from: int,
                   name: str = "cbs.csv", youth: bool = True) -> Path:
    rng = random.Random(7)
    header = ["gebied", "periode", "huisarts", "totaal"] + (["jeugd_inwoners"] if youth else [])
    rows = []
    for area in areas:
        size = 3_900_000 if area == "NL00" else rng.randint(8000, 30000)
        for year in years:
            share = 0.36 + (0.04 if area == pilot_code and year >= pilot_from else 0) + rng.uniform(-0.01, 0.01)
            total = int(size * 0.12)
            row = [area, year, int(total * share), total] + ([size] if youth else [])
            rows.append(row)
    return write_csv(folder / name, header, rows, sep=",")


def write_cbs_statline(folder: Path, areas: list[str], periods: list[str], pilot_code: str, pilot_from: str) -> Path:
    """A StatLine export shape: leading index column, padded codes, '.' for a suppressed cell."""
    rng = random.Random(11)
    header = ["", "ID", "VormenVanJeugdzorg", "Wijken", "Perioden", "TotaalTrajectenInNatura_9", "Huisarts_11",
              "GeenVerwijzer_16", "VerwijzerOnbekend_17"]
    rows = []
    index = 0
    for area in areas:
        size = 500_000 if area == "NL00" else 2000
        for period in periods:
            share = 0.35 + (0.05 if area == pilot_code and period >= pilot_from else 0) + rng.uniform(-0.01, 0.01)
            unknown = "." if index == 1 else f"{rng.randint(5, 20):>7}"
            rows.append([index, index * 3 + 2, "T001203", f"{area:<10}", period, f"{size:>8}",
                         f"{int(size * share):>8}", f"{int(size * 0.1):>7}", unknown])
            index += 1
    return write_csv(folder / "cbs-statline.csv", header, rows, sep=",")


# --------------------------------------------------------------------------- running and checking


class _Visible(HTMLParser):
    """Visible text plus alt/title/aria-label attributes; skips style and script."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "metadata"):
            self._skip += 1
        for key, value in attrs:
            if key in ("alt", "title", "aria-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("style", "script", "metadata") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "\n".join(parser.parts)


def assert_clean_text(text: str, where: str) -> None:
    for pattern, label in FORBIDDEN:
        match = pattern.search(text)
        if match:
            context = text[max(0, match.start() - 80): match.end() + 80].replace("\n", " ")
            pytest.fail(f"{where}: {label} '{match.group(0)}' in: ...{context}...")


def run(tmp_path: Path, monkeypatch, *pilots: Path, formats: str = "html,json", out: Path | None = None) -> Path:
    out = out or tmp_path / "uit"
    log = tmp_path / "fout.log"
    monkeypatch.setenv("EVALUATOR_LOGBESTAND", str(log))
    args = [str(p) for p in pilots] + ["-o", str(out), "--format", formats, "--datum", REPORT_DATE]
    result = CliRunner().invoke(app, args)
    detail = log.read_text(encoding="utf-8") if log.exists() else ""
    assert result.exit_code == 0, f"exit {result.exit_code}\n{result.output}\n{detail}"
    assert "Traceback" not in result.output
    return out


def check_report(folder: Path, formats: str = "html,json") -> dict:
    results = json.loads((folder / "resultaten.json").read_text(encoding="utf-8"))
    for key in REQUIRED_KEYS:
        lookup(results, key)
    for key in ("effect.cohort", "effect.headline", "meta.internal"):
        lookup(results, key)
    assert results["meta"]["internal"] is True
    html = (folder / "rapport.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in html
    assert "Traceback" not in html and "{{" not in html and "{%" not in html
    assert_clean_text(visible_text(html), f"{folder.name}/rapport.html")
    if "pdf" in formats:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO((folder / "rapport.pdf").read_bytes()))
        assert len(reader.pages) >= 1
        text = " ".join(page.extract_text() or "" for page in reader.pages)
        for pattern, label in FORBIDDEN[:3]:
            match = pattern.search(text)
            assert match is None, f"rapport.pdf: {label} in ...{text[max(0, match.start() - 80): match.end() + 80]}..."
    return {"json": results, "html": html, "text": visible_text(html)}


def evaluate_case(tmp_path: Path, monkeypatch, pilot_file: Path, formats: str = "html,json") -> dict:
    out = run(tmp_path, monkeypatch, pilot_file, formats=formats)
    return check_report(out, formats)


# --------------------------------------------------------------------------- cohort shapes


def test_one_trajectory(tmp_path, monkeypatch):
    rows = trajectories(1, status="afgerond", referral="geen", intention="basis_ggz")
    report = evaluate_case(tmp_path, monkeypatch, pilot(tmp_path, rows))
    assert report["json"]["cohort"]["trajectories"] == 1


def test_all_trajectories_ongoing(tmp_path, monkeypatch):
    rows = trajectories(40, status="lopend")
    report = evaluate_case(tmp_path, monkeypatch, pilot(tmp_path, rows))  # PDF: test_long_names_and_special_characters
    cohort = report["json"]["cohort"]
    assert cohort["completed"] == 0 and cohort["ongoing"] == 40
    assert cohort["no_referral"]["share"] is None


@pytest.mark.slow
def test_all_completed_without_referral(tmp_path, monkeypatch):
    rows = trajectories(50, status="afgerond", referral="geen")
    report = evaluate_case(tmp_path, monkeypatch, pilot(tmp_path, rows))
    no_referral = report["json"]["cohort"]["no_referral"]
    assert no_referral["share"] == 1.0 and no_referral["ci_high"] == pytest.approx(1.0)
    assert no_referral["ci_low"] < 1.0


def test_all_completed_and_referred(tmp_path, monkeypatch):
    rows = trajectories(50, status="afgerond", referral=lambda i, rng: REFERRALS[i % 5])
    report = evaluate_case(tmp_path, monkeypatch, pilot(tmp_path, rows))
    no_referral = report["json"]["cohort"]["no_referral"]
    assert no_referral["share"] == 0.0 and no_referral["ci_low"] == pytest.approx(0.0)


@pytest.mark.slow
def test_single_practice(tmp_path, monkeypatch):
    evaluate_case(tmp_path, monkeypatch, pilot(tmp_path, trajectories(40, practices=["Enige praktijk"])))


def test_no_optional_columns(tmp_path, monkeypatch):
    report = evaluate_case(tmp_path, monkeypatch, pilot(tmp_path, columns=REQUIRED_COLUMNS))
    assert report["json"]["cohort"]["satisfaction"]["mean"] is None


@pytest.mark.slow
def test_optional_columns_present_but_empty(tmp_path, monkeypatch):
    report = evaluate_case(tmp_path, monkeypatch, pilot(tmp_path, blank=ALL_COLUMNS[7:]))
    assert report["json"]["cohort"]["satisfaction"]["mean"] is None


@pytest.mark.slow
@pytest.mark.parametrize("intention", ["alle", "geen", "onbekend"])
def test_intention_registered_for_all_none_or_unknown(tmp_path, monkeypatch, intention):
    rows = trajectories(60)
    if intention == "geen":
        columns = tuple(c for c in ALL_COLUMNS if c != "verwijzing_zonder_poh")
        path = pilot(tmp_path, rows, columns=columns)
    else:
        if intention == "onbekend":
            for row in rows:
                row["verwijzing_zonder_poh"] = "onbekend"
        path = pilot(tmp_path, rows)
    evaluate_case(tmp_path, monkeypatch, path)


@pytest.mark.slow
def test_intention_unknown_without_assumption(tmp_path, monkeypatch):
    rows = trajectories(60, intention="onbekend")
    tree = base_pilot()
    del tree["aannames"]
    write_trajectories(tmp_path, rows)
    evaluate_case(tmp_path, monkeypatch, write_yaml(tmp_path, tree))


@pytest.mark.slow
def test_only_free_access_referrals(tmp_path, monkeypatch):
    rows = trajectories(50, status="afgerond", referral="vrij_toegankelijk", intention="vrij_toegankelijk")
    evaluate_case(tmp_path, monkeypatch, pilot(tmp_path, rows))


@pytest.mark.slow
def test_all_adults(tmp_path, monkeypatch):
    rows = trajectories(40, age=lambda i, rng: rng.randint(18, 23))
    evaluate_case(tmp_path, monkeypatch, pilot(tmp_path, rows))


@pytest.mark.slow
def test_one_help_question(tmp_path, monkeypatch):
    evaluate_case(tmp_path, monkeypatch, pilot(tmp_path, trajectories(40, hulpvraag="gedrag")))


@pytest.mark.slow
def test_long_names_and_special_characters(tmp_path, monkeypatch):
    long_name = "Huisartsenpraktijk \"De Ûitkijk\" & Zn. <Noord> – Zuidoost-Friesland 👶🏽 " * 3
    practices = [long_name.strip(), "Praktijk 't Hoge Veld & Co", "Gezondheidscentrum Œuvre <b>vet</b>"]
    rows = trajectories(45, practices=practices)
    tree = base_pilot(name="Súdwest-Fryslân & ’s-Hertogenbosch")
    tree["pilot"]["aanleiding"] = 'Ouders zeggen: "wachtlijsten > 6 maanden" & <script>alert(1)</script> 😀 café'
    tree["pilot"]["doel"] = "Snel hulp < 2 weken; geen 'doorverwijzing' als het niet hoeft ✓"
    tree["praktijken"] = {"namen": practices, "uren_per_praktijk": "4 à 6 uur <per week> & meer"}
    tree["onderzoeksvragen"] = ['Werkt "de POH" & hoe? <vraag> 🤔']
    tree["rapport"] = {"titel": "Evaluatie “POH-jeugd” & <meer> — één jaar 🎉", "auteur": "Ë. van 't Zand"}
    tree["ervaringen"] = [{"rol": "ouder", "aantal": 3, "gaat_goed": ["Fijn & snel <echt> 👍"],
                           "kan_beter": ['"Meer" uren'], "citaten": ["Zij zei: \"dit is top\" & ik ben blij 💚"]}]
    tree["werkzame_factoren"] = [{"onderdeel": "Korte lijnen <huisarts> & POH", "status": "aanwezig",
                                  "toelichting": "Één team, één plan — ‘samen’"}]
    tree["besluitpunten"] = ["Doorgaan met de POH & uitbreiden naar <alle> praktijken?"]
    tree["kosten"]["bron"] = "Begroting 2023 \"definitief\" & <vastgesteld>"
    write_trajectories(tmp_path, rows)
    report = evaluate_case(tmp_path, monkeypatch, write_yaml(tmp_path, tree), formats="html,pdf,json")
    html = report["html"]
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "<b>vet</b>" not in html
    assert "Súdwest-Fryslân" in report["text"]


# --------------------------------------------------------------------------- business case inputs


def _costs_variant(tmp_path, monkeypatch, **changes):
    tree = base_pilot()
    for key, value in changes.items():
        if value is None:
            tree.pop(key, None)
        else:
            tree[key] = value
    write_trajectories(tmp_path, trajectories(60))
    return evaluate_case(tmp_path, monkeypatch, write_yaml(tmp_path, tree))


def test_without_costs_no_business_case(tmp_path, monkeypatch):
    report = _costs_variant(tmp_path, monkeypatch, kosten=None)
    assert report["json"].get("business_case") is None


@pytest.mark.slow
def test_costs_personnel_only(tmp_path, monkeypatch):
    report = _costs_variant(tmp_path, monkeypatch, kosten={"personeel_per_jaar": 60000})
    assert report["json"]["business_case"]["costs_total"] == pytest.approx(60000 * 365 / 365.25, rel=0.01)


@pytest.mark.slow
def test_costs_hours_times_rate(tmp_path, monkeypatch):
    report = _costs_variant(tmp_path, monkeypatch, kosten={"uren_per_week": 24, "uurtarief": {"waarde": 75, "bereik": [65, 90]}})
    assert report["json"]["business_case"]["costs_total"] > 0


@pytest.mark.slow
def test_tariffs_missing_for_a_destination(tmp_path, monkeypatch):
    report = _costs_variant(tmp_path, monkeypatch, tarieven={"specialistische_ggz": {"waarde": 4200, "bron": "Contract 2024"}})
    assert report["json"]["business_case"]["gross_savings"] is not None


@pytest.mark.slow
def test_all_ranges_absent(tmp_path, monkeypatch):
    report = _costs_variant(
        tmp_path, monkeypatch,
        kosten={"personeel_per_jaar": 80000, "overhead_percentage": 10, "overige_per_jaar": 3000, "eenmalig": 5000},
        aannames={"verwijskans_zonder_poh": 0.6},
        tarieven={d: t for d, t in zip(REFERRALS, (3950, 1150, 600, 2300, 150, 0))},
    )
    bc = report["json"]["business_case"]
    assert bc["net_ci_low"] is not None


def test_zero_costs(tmp_path, monkeypatch):
    report = _costs_variant(tmp_path, monkeypatch, kosten={"personeel_per_jaar": 0})
    assert report["json"]["business_case"]["costs_total"] == 0


@pytest.mark.parametrize("induced", [False, pytest.param(True, marks=pytest.mark.slow)])
def test_assumption_route(tmp_path, monkeypatch, induced):
    """No intention registered: savings rest on the assumed referral probability."""
    assumptions = {"verwijskans_zonder_poh": {"waarde": 0.7, "bereik": [0.5, 0.9], "verdeling": "beta"}}
    if induced:
        assumptions["geinduceerde_vraag"] = {"waarde": 0.2, "bereik": [0.1, 0.3]}
    columns = tuple(c for c in ALL_COLUMNS if c != "verwijzing_zonder_poh")
    write_trajectories(tmp_path, trajectories(60), columns)
    tree = base_pilot(aannames=assumptions)
    report = evaluate_case(tmp_path, monkeypatch, write_yaml(tmp_path, tree))
    assert report["json"]["business_case"]["gross_savings"] is not None


# --------------------------------------------------------------------------- practice panel


def _panel_pilot(tmp_path, practices, periods, treated_from, covariate=None, start=dt.date(2023, 1, 1),
                 end=dt.date(2023, 12, 31)):
    write_panel(tmp_path, practices, periods, treated_from, covariate)
    write_trajectories(tmp_path, trajectories(60, start=start, end=end, practices=[p for p, f in treated_from.items()
                                                                                   if f is not None]))
    tree = base_pilot(start, end, data={"trajecten": "trajecten.csv", "praktijken": "praktijken.csv"})
    return write_yaml(tmp_path, tree)


@pytest.mark.slow
def test_panel_two_practices(tmp_path, monkeypatch):
    path = _panel_pilot(tmp_path, ["P1", "P2"], quarters(2021, 12), {"P1": 8, "P2": None})
    report = evaluate_case(tmp_path, monkeypatch, path)
    assert report["json"]["effect"]["practice"]["rate_ratio"] is not None


@pytest.mark.slow
def test_panel_all_treated_at_once(tmp_path, monkeypatch):
    practices = [f"P{i}" for i in range(1, 9)]
    path = _panel_pilot(tmp_path, practices, quarters(2021, 12), {p: 8 for p in practices})
    evaluate_case(tmp_path, monkeypatch, path)


@pytest.mark.slow
def test_panel_time_varying_covariate(tmp_path, monkeypatch):
    practices = [f"P{i}" for i in range(1, 11)]
    treated = {p: (8 if i < 5 else None) for i, p in enumerate(practices)}
    path = _panel_pilot(tmp_path, practices, quarters(2021, 12), treated,
                        covariate=lambda p, t: round(0.2 + 0.01 * p + 0.005 * t, 4))
    evaluate_case(tmp_path, monkeypatch, path)


@pytest.mark.slow
def test_panel_monthly(tmp_path, monkeypatch):
    practices = [f"P{i}" for i in range(1, 7)]
    treated = {p: (24 if i % 2 == 0 else None) for i, p in enumerate(practices)}
    path = _panel_pilot(tmp_path, practices, months(2021, 36), treated)
    evaluate_case(tmp_path, monkeypatch, path)


@pytest.mark.slow
def test_panel_date_periods(tmp_path, monkeypatch):
    practices = [f"P{i}" for i in range(1, 7)]
    periods = [(dt.date(2021, 1, 1) + dt.timedelta(days=61 * k)).isoformat() for k in range(18)]
    treated = {p: (12 if i < 3 else None) for i, p in enumerate(practices)}
    path = _panel_pilot(tmp_path, practices, periods, treated)
    evaluate_case(tmp_path, monkeypatch, path)


# --------------------------------------------------------------------------- CBS


def _cbs_pilot(tmp_path, cbs_name, code="GM9999", comparison=None, start=dt.date(2021, 1, 1), end=dt.date(2021, 12, 31)):
    write_trajectories(tmp_path, trajectories(60, start=start, end=end))
    extra = {"data": {"trajecten": "trajecten.csv", "cbs": cbs_name}}
    if comparison is not None:
        extra["vergelijking"] = comparison
    return write_yaml(tmp_path, base_pilot(start, end, code=code, **extra))


@pytest.mark.slow
def test_cbs_only_pilot_and_nation(tmp_path, monkeypatch):
    periods = [f"{y}HJ0{h}" for y in range(2017, 2023) for h in (1, 2)]
    write_cbs_statline(tmp_path, ["NL00", "GM9999"], periods, "GM9999", "2021HJ01")
    report = evaluate_case(tmp_path, monkeypatch, _cbs_pilot(tmp_path, "cbs-statline.csv"))
    assert report["json"]["effect"]["municipality"]["method"] == "its"


@pytest.mark.slow
def test_cbs_one_period(tmp_path, monkeypatch):
    write_cbs_tidy(tmp_path, ["NL00", "GM9999", "GM0001", "GM0002"], [2021], "GM9999", 2021)
    evaluate_case(tmp_path, monkeypatch, _cbs_pilot(tmp_path, "cbs.csv"))


@pytest.mark.slow
def test_cbs_comparison_codes_absent(tmp_path, monkeypatch):
    write_cbs_tidy(tmp_path, ["NL00", "GM9999", "GM0001", "GM0002"], list(range(2016, 2023)), "GM9999", 2021)
    evaluate_case(tmp_path, monkeypatch, _cbs_pilot(tmp_path, "cbs.csv", comparison={"gemeenten": ["GM0001", "GM4444"]}))


@pytest.mark.slow
def test_cbs_comparison_codes_all_absent(tmp_path, monkeypatch):
    write_cbs_tidy(tmp_path, ["NL00", "GM9999", "GM0001", "GM0002"], list(range(2016, 2023)), "GM9999", 2021)
    evaluate_case(tmp_path, monkeypatch, _cbs_pilot(tmp_path, "cbs.csv", comparison={"gemeenten": ["GM4444", "GM5555"]}))


@pytest.mark.slow
def test_cbs_without_youth_population(tmp_path, monkeypatch):
    write_cbs_tidy(tmp_path, ["NL00", "GM9999", "GM0001", "GM0002", "GM0003"], list(range(2016, 2023)), "GM9999", 2021,
                   youth=False)
    evaluate_case(tmp_path, monkeypatch, _cbs_pilot(tmp_path, "cbs.csv", comparison={"uitkomst": "per_1000"}))


@pytest.mark.slow
def test_real_cbs_file_for_steenwijkerland(tmp_path, monkeypatch):
    source = SHARED / "cbs" / "gemeentedata-2022.csv"
    if not source.exists():
        pytest.skip("shared/cbs/gemeentedata-2022.csv is niet aanwezig")
    write_trajectories(tmp_path, trajectories(60, start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31)))
    tree = base_pilot(dt.date(2022, 1, 1), dt.date(2022, 12, 31), code="GM1708", name="Steenwijkerland",
                      data={"trajecten": "trajecten.csv", "cbs": str(source)})
    evaluate_case(tmp_path, monkeypatch, write_yaml(tmp_path, tree))


# --------------------------------------------------------------------------- period length and size


@pytest.mark.slow
def test_pilot_of_one_month(tmp_path, monkeypatch):
    start, end = dt.date(2023, 3, 1), dt.date(2023, 3, 31)
    write_trajectories(tmp_path, trajectories(20, start=start, end=end))
    evaluate_case(tmp_path, monkeypatch, write_yaml(tmp_path, base_pilot(start, end)))


@pytest.mark.slow
def test_pilot_of_five_years(tmp_path, monkeypatch):
    start, end = dt.date(2019, 1, 1), dt.date(2023, 12, 31)
    write_trajectories(tmp_path, trajectories(300, start=start, end=end))
    evaluate_case(tmp_path, monkeypatch, write_yaml(tmp_path, base_pilot(start, end)))


@pytest.mark.slow
def test_twenty_thousand_trajectories(tmp_path, monkeypatch, capsys):
    practices = [f"Praktijk {i:02d}" for i in range(1, 61)]
    start, end = dt.date(2022, 1, 1), dt.date(2023, 12, 31)
    write_trajectories(tmp_path, trajectories(20_000, start=start, end=end, practices=practices))
    path = write_yaml(tmp_path, base_pilot(start, end))
    began = time.perf_counter()
    report = evaluate_case(tmp_path, monkeypatch, path)
    with capsys.disabled():
        print(f"\n20.000 trajecten, 60 praktijken: {time.perf_counter() - began:.1f} s (html,json)")
    assert report["json"]["cohort"]["trajectories"] == 20_000


# --------------------------------------------------------------------------- several pilots


@pytest.mark.slow
def test_several_pilots_one_without_costs(tmp_path, monkeypatch):
    first = pilot(tmp_path / "alfa", trajectories(60, seed=1), name="Alfadorp")
    write_trajectories(tmp_path / "beta", trajectories(45, seed=2))
    second = write_yaml(tmp_path / "beta", base_pilot(name="Bètastad", code="GM0002", costs=False), name="beta.yaml")
    write_trajectories(tmp_path / "gamma", trajectories(1, status="lopend", seed=3))
    third = write_yaml(tmp_path / "gamma", base_pilot(name="Gammaveen", code="GM0003"), name="gamma.yaml")
    out = run(tmp_path, monkeypatch, first, second, third)
    for name in ("pilot", "beta", "gamma"):
        check_report(out / name, "html,json")
    comparison = out / "vergelijking"
    html_files = [p for p in comparison.iterdir() if p.suffix == ".html"]
    assert html_files
    for html_file in html_files:
        assert_clean_text(visible_text(html_file.read_text(encoding="utf-8")), f"vergelijking/{html_file.name}")
    for json_file in (p for p in comparison.iterdir() if p.suffix == ".json"):
        json.loads(json_file.read_text(encoding="utf-8"))
