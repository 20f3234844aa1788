"""The effect chapter's figures: registered consistently, audited, and the only numbers the texts print.

Each example pilot is evaluated once (module fixture). The table holds the cohort figures and the
effect figures (report/figures_cohort.py + report/figures_effect.py); the audit decides; the
EffectTexts, tables and charts are then written from the view and checked against it.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from evaluator.evaluation import Evaluation
from evaluator.pipeline import evaluate
from evaluator.report import formatting as fmt
from evaluator.report.audit import Published, _Model, audit, effective_threshold
from evaluator.report.charts.effect import effect_charts
from evaluator.report.figures import FigureTable
from evaluator.report.figures_cohort import cohort_figures
from evaluator.report.figures_effect import effect_figures, route_prefix
from evaluator.report.prose.effect import EffectTexts, effect_texts
from evaluator.report.tables.effect import effect_tables
from evaluator.report.publish import view_of
from evaluator.report.view import PilotView

REPO = Path(__file__).resolve().parents[1]
NUMBER = re.compile(r"-?\d+(?:[.,]\d+)*%?")
# Fixed wording with a number in it: the method's constants and names of sources, not figures.
FIXED = ("95%-interval", "80% zekerheid", "per 1.000", "Groningen 2018-19", "onder 1 ", "boven 1 ", "van 1:", "om 1:",
         "referentie (1)", "waarop 1 ", "dan 1:")


@dataclass
class Run:
    evaluation: Evaluation
    table: FigureTable
    published: Published
    view: PilotView
    texts: EffectTexts


def run_of(evaluation: Evaluation) -> Run:
    table = FigureTable()
    slug = evaluation.config.slug
    table.atoms[slug] = evaluation.cohort.atoms
    table.thresholds[slug] = effective_threshold(evaluation.config.settings.suppression_threshold)
    figures = table.for_pilot(slug)
    cohort_figures(figures, evaluation)
    effect_figures(figures, evaluation)
    published = audit(table)
    view = PilotView(published, slug, table.thresholds[slug])
    return Run(evaluation, table, published, view, effect_texts(view, evaluation))


@pytest.fixture(scope="module")
def runs(example_runs) -> dict[str, Run]:
    """The examples as the report publishes them (one run of the three: reports and comparison)."""
    out = {}
    for name in ("groningen", "steenwijkerland", "tilburg"):
        example = example_runs[name]
        view = view_of(example.published, example.evaluation)
        out[name] = Run(example.evaluation, example.table, example.published, view,
                        effect_texts(view, example.evaluation))
    return out


def printed_tokens(run: Run) -> set[str]:
    """Every number a reader may see: the printed forms of the pilot's figures (also without sign)."""
    tokens = {str(run.view.threshold)}
    for key, decision in run.published.decisions.items():
        if key.startswith(run.view.pilot + "/"):
            for token in NUMBER.findall(decision.text):
                tokens.update({token, token.lstrip("-")})
    return tokens


def free_of_figures(run: Run, sentence: str) -> str:
    """The sentence without what may hold digits but is no figure: fixed wording, dates, periods, codes,
    panel column names and the pilot file's own source text."""
    e = run.evaluation
    for fixed in FIXED:
        sentence = sentence.replace(fixed, "")
    p = e.config.assumptions.referral_probability_without_poh
    if p is not None and p.source:
        sentence = sentence.replace(p.source.strip().rstrip("."), "")
    m = e.effect.municipality
    periods = [*(m.periods if m else ()), *(m.provisional_periods if m else ())]
    periods += [point.period for point in (e.effect.practice.series if e.effect.practice else ())]
    if m is not None and m.quality_shift is not None:
        periods += [m.quality_shift.first_period, m.quality_shift.last_period]
    for period in sorted({fmt.period_label(x) for x in periods}, key=len, reverse=True):
        sentence = sentence.replace(period, "")
    sentence = sentence.replace(fmt.date_long(e.config.pilot.start), "")
    return re.sub(r"GM\d{4}|\([123]\) ", "", sentence)  # gemeente codes; the rule's enumeration


def text_fields(texts: EffectTexts) -> list[str]:
    out = []
    for value in texts.__dict__.values():
        out.extend(value if isinstance(value, tuple) else [value] if value else [])
    return out


@pytest.mark.parametrize("name", ["groningen", "steenwijkerland", "tilburg"])
def test_every_number_in_the_texts_is_a_published_figure(runs, name):
    run = runs[name]
    allowed = printed_tokens(run)
    for sentence in text_fields(run.texts):
        for token in NUMBER.findall(free_of_figures(run, sentence)):
            assert token in allowed, (token, sentence)


@pytest.mark.parametrize("name", ["groningen", "steenwijkerland", "tilburg"])
def test_tables_and_charts_print_published_figures_only(runs, name):
    run = runs[name]
    allowed = printed_tokens(run)
    cells = [cell for t in effect_tables(run.view, run.evaluation).values() for row in t.rows for cell in row[1:]]
    charts = effect_charts(run.view, run.evaluation, "#1F4E79")
    cells += [cell for c in charts.values() for row in c.rows for cell in row[1:]]
    cells += [c.alt for c in charts.values()]
    cells += [t.note for t in effect_tables(run.view, run.evaluation).values() if t.note]
    for cell in cells:
        cleaned = re.sub(r"periode [-+]?\d+|perioden? [-+\d, ]+al af", "", free_of_figures(run, cell))
        for token in NUMBER.findall(cleaned):
            assert token in allowed, (token, cell)


@pytest.mark.parametrize("name", ["groningen", "steenwijkerland", "tilburg"])
def test_figures_equal_the_stage_numbers(runs, name):
    run = runs[name]
    effect, key = run.evaluation.effect, run.view.key
    figures = run.table.figures
    h = effect.headline
    assert figures[key("effect.headline.avoided")].value == pytest.approx(h.avoided)
    assert figures[key("effect.headline.avoided_ci_low")].value == pytest.approx(h.avoided_ci_low)
    assert figures[key("effect.headline.avoided_ci_high")].value == pytest.approx(h.avoided_ci_high)
    for route in (effect.cohort, effect.cohort_assumption):
        if route is not None and route.method != "none":
            figure = figures[key(route_prefix(effect, route) + ".avoided")]
            assert figure.value == pytest.approx(route.avoided)
            assert figure.kind in ("linear", "ratio") and figure.numerator is not None  # a function of the atoms
    assert figures[key("effect.practice.rate_ratio")].value == pytest.approx(effect.practice.rate_ratio)
    assert figures[key("effect.municipality.estimate")].value == pytest.approx(effect.municipality.estimate)
    assert figures[key("effect.power.detectable")].value == pytest.approx(effect.power.detectable_reduction)


def test_headline_kind_follows_its_level(runs):
    figures = runs["steenwijkerland"].table.figures
    avoided = figures["steenwijkerland/effect.headline.avoided"]
    assert avoided.kind == "linear" and avoided.unit == "getal" and avoided.decimals == 0
    low = figures["steenwijkerland/effect.headline.avoided_ci_low"]  # assumption route: given completed, linear
    assert low.kind == "linear" and "steenwijkerland/cohort.completed" in low.needs
    assert "steenwijkerland/effect.assumption.avoided" not in figures  # entered once, as the headline
    figures = runs["groningen"].table.figures
    assert figures["groningen/effect.headline.avoided"].kind == "external"
    intention = figures["groningen/effect.intention.avoided"]  # 92 of 642 without intention: completed substituted
    assert intention.kind == "ratio" and len(intention.reveals) == 1
    assert "groningen/cohort.intention_known" in figures["groningen/effect.intention.avoided_ci_low"].needs


@pytest.mark.parametrize("name", ["groningen", "steenwijkerland", "tilburg"])
def test_no_small_count_is_pinned(runs, name):
    run = runs[name]
    keys = [k for k in run.table.figures if k.startswith(name + "/")]
    model = _Model(run.table.atoms[name], name, [run.table.figures[k] for k in keys])
    small = [k for k in keys if run.published.decisions[k].status == "small"]
    assert small or name == "groningen"  # the smaller examples have small cells: the check is not empty
    for k in small:
        assert not model.pinned(run.table.figures[k], run.published.decisions), k


def test_groningen_reads_as_before(runs):
    t, view = runs["groningen"].texts, runs["groningen"].view
    assert t.verdict.startswith("Vergeleken met praktijken en perioden zonder POH zijn er in de pilotperiode naar "
                                "schatting 114 verwijzingen voorkomen (95%-interval -9 tot 262). De bewijskracht is matig. "
                                "Het interval omvat nul")
    assert "bij alle andere gemeenten in het CBS-bestand daalde het van 37% naar 33%." in t.verdict
    assert t.headline_figure == "114 (95%-interval -9 tot 262)"
    assert (f"Bij 92 van de {view.say('cohort.completed')} afgeronde trajecten ontbreekt de verwijsintentie; aangenomen is dat deze trajecten "
            "lijken op die met een geregistreerde intentie.") in t.assumptions
    assert t.power.startswith("Met deze praktijkgegevens is een daling van de verwijzingen vanaf ongeveer 23% met 80% "
                              "zekerheid aan te tonen. Voor een daling van 20% is naar schatting nog 3 maanden")
    assert t.warnings[0] == "2 rijen met onderdrukte of lege cellen ('.') zijn weggelaten."
    assert "veranderde van 16% (1e halfjaar 2015) naar 23% (2e halfjaar 2019)" in t.warnings[1]
    assert t.municipality == ("Groningen is vergeleken met alle andere gemeenten in het CBS-bestand, van 1e halfjaar "
                              "2015 tot 2e halfjaar 2019 (7 perioden vóór en 3 na de start).")


def test_steenwijkerland_reads_as_before(runs):
    t = runs["steenwijkerland"].texts
    assert ("Het praktijkpanel (15 praktijken, 6 met POH) geeft een daling van 16% in verwijzingen (95%-interval van "
            "-36% tot 10%); dat is niet als hoofdcijfer gebruikt, omdat de toets op voortrends afwijkt.") in t.verdict
    assert ("In de CBS-cijfers steeg het aandeel huisartsverwijzingen in Steenwijkerland van 35% naar 40%; bij 25 "
            "gekozen vergelijkingsgemeenten daalde het van 39% naar 34%.") in t.verdict
    assert "De twee niveaus spreken elkaar tegen" in t.verdict
    assert t.headline_method == "Aangenomen verwijskans zonder POH vergeleken met de werkelijke verwijzingen"
    assert ("Aanname (geen meting): zonder POH was 60% van de kinderen verwezen (plausibel bereik 40%–80%); bron: "
            "Aanname: de POH heeft niet geregistreerd") in " ".join(t.assumptions)
    assert not any(a.endswith("..") for a in t.assumptions)
    assert t.warnings[0].startswith("Met 15 praktijken zijn clustergecorrigeerde intervallen onbetrouwbaar. Daarom staat "
                                    "er ook een p-waarde uit een permutatietoets")
    assert "(toets op voortrends p = 0,01)" in t.warnings[1]
    assert t.quality_note == "1 onderdrukte cel; 1 rij weggelaten."


def test_tilburg_warns_that_the_practice_level_exceeds_the_children_seen(runs):
    t, view = runs["tilburg"].texts, runs["tilburg"].view
    assert t.warnings[-1].startswith("Het praktijkniveau schat meer voorkomen verwijzingen (188) dan de POH kinderen "
                                     f"zag ({view.text('cohort.trajectories')}). Dat kan alleen als huisartsen")
    assert t.power.endswith("Voor een daling van 20% is de huidige registratie genoeg.")
    assert t.quality_note.startswith("Het CBS-bestand bevat geen aantallen 'verwijzer onbekend' of 'geen verwijzer'")
    assert "Praktijken met POH-GGZ Jeugd verwezen 0,75 keer zo vaak als zonder (95%-interval 0,68 tot 0,84; p < 0,001)" \
        in t.practice


def test_the_levels_table_prints_the_published_interval(runs):
    """Tilburg's intention route: the interval cell is the published text, or '–' when it is left out."""
    run = runs["tilburg"]
    table = effect_tables(run.view, run.evaluation)["niveaus"]
    row = table.rows[0]
    assert row[:3] == ("Trajecten: verwijsintentie", "Voorkomen verwijzingen", run.view.text("effect.intention.avoided"))
    low = run.view.decision("effect.intention.avoided_ci_low")
    assert (low.text in row[3]) if low.shown else row[3] == "–"


# --- small pilots ---------------------------------------------------------------------------------

ROWS = """traject_id;praktijk;startdatum;einddatum;status;verwezen_naar;aantal_gesprekken;verwijzing_zonder_poh;leeftijd
"""


def small_pilot(folder: Path, rows: list[str], extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "trajecten.csv").write_text(ROWS + "\n".join(rows) + "\n", encoding="utf-8")
    (folder / "pilot.yaml").write_text(textwrap.dedent("""\
        pilot:
          naam: POH-jeugd Testgemeente
          gemeente: Testgemeente
          gemeentecode: GM9999
          start: 2023-01-01
          einde: 2023-12-31
        data:
          trajecten: trajecten.csv
        rapport:
          datum: 2024-01-15
        """) + extra, encoding="utf-8")
    return folder / "pilot.yaml"


def rows_of(pairs, status="afgerond") -> list[str]:
    return [f"T{i:03d};P{i % 3};01-03-2023;01-06-2023;{status};{a};3;{b or ''};10" for i, (a, b) in enumerate(pairs)]


def test_tiny_intention_pilot_hides_what_would_pin_a_child(tmp_path):
    pairs = [("geen", "specialistische_ggz")] * 6 + [("specialistische_ggz", "specialistische_ggz")] * 2 + \
            [("geen", "geen")] * 4
    run = run_of(evaluate(small_pilot(tmp_path / "tiny", rows_of(pairs))))
    assert run.evaluation.effect.headline.level == "cohort_intention"
    keys = [k for k in run.table.figures if k.startswith(run.view.pilot + "/")]
    model = _Model(run.table.atoms[run.view.pilot], run.view.pilot, [run.table.figures[k] for k in keys])
    for k in keys:
        if run.published.decisions[k].status == "small":
            assert not model.pinned(run.table.figures[k], run.published.decisions), k
    # 2 children referred: the forest row (actual / expected) would tell how many
    assert not run.view.shown("effect.forest.intention.ratio")
    allowed = printed_tokens(run)
    for sentence in text_fields(run.texts):
        assert all(token in allowed for token in NUMBER.findall(free_of_figures(run, sentence))), sentence


def test_pilot_without_intention_or_assumption_says_it_cannot_estimate(tmp_path):
    run = run_of(evaluate(small_pilot(tmp_path / "none", rows_of([("geen", None)] * 8 + [("wijkteam", None)] * 4))))
    t = run.texts
    assert t.verdict.startswith("Hoeveel verwijzingen de POH heeft voorkomen is niet te schatten: er is geen "
                                "verwijsintentie geregistreerd, geen aanname opgegeven en geen praktijkpanel.")
    assert t.headline_figure is None and t.practice is None and t.municipality is None
    assert t.power == "Zonder verwijsintentie, aanname of praktijkgegevens is geen onderscheidingsvermogen te berekenen."
    assert t.warnings == (
        "Er is geen verwijsintentie van de huisarts geregistreerd en geen aanname over de verwijskans zonder POH "
        "opgegeven. Het aantal voorkomen verwijzingen is daarom niet te schatten; het aandeel kinderen zonder "
        "verwijzing is géén maat voor voorkomen verwijzingen.",
        "Er is geen hoofdcijfer voor voorkomen verwijzingen; de kosten-batenanalyse kan daarom geen besparing "
        "berekenen.")
    assert run.view.decision("effect.headline.avoided").text == "–"


def test_pilot_without_completed_trajectories(tmp_path):
    extra = "aannames:\n  verwijskans_zonder_poh:\n    waarde: 0.5\n"
    rows = [f"T{i};P1;01-03-2023;;lopend;;2;;9" for i in range(6)]
    run = run_of(evaluate(small_pilot(tmp_path / "lopend", rows, extra)))
    assert run.texts.verdict == ("Hoeveel verwijzingen de POH heeft voorkomen is nog niet te schatten: er zijn nog geen "
                                 "afgeronde trajecten.")
    assert run.texts.headline_figure is None
    assert run.texts.power == "Er zijn te weinig afgeronde trajecten om dit te berekenen."


@pytest.mark.parametrize("name", ["groningen", "steenwijkerland", "tilburg"])
def test_effect_section_of_the_results_file_holds_no_sentences(runs, name):
    import json

    from evaluator import output

    def strings(value):
        if isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)
        elif isinstance(value, str):
            yield value

    section = json.loads(output.dumps({"effect": runs[name].evaluation.effect}))["effect"]
    assert all(len(s.split()) <= 8 for s in strings(section))
    assert section["warnings"] == list(runs[name].evaluation.effect.warnings)  # codes, worded by the report
