"""The three example pilots and their comparison, run once (session fixture ``example_runs``) and read by every
test here. They sit in one module so that, with the tests spread over the cores by module, the examples are
evaluated once per test run rather than once per core.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from evaluator import pipeline
from evaluator.report.audit import _Model
from evaluator.report.charts.effect import effect_charts
from evaluator.report.figures_effect import route_prefix
from evaluator.report.prose.effect import effect_texts
from evaluator.report.publish import view_of
from evaluator.report.tables.effect import effect_tables
from tests.builders import EXAMPLES, PILOTS, REQUIRED_KEYS, lookup
from tests.conftest import REPORT_DATE
from tests.published_text import NUMBER, Run, free_of_figures, printed_tokens, text_fields


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


# --- every example: results file, HTML and PDF ---------------------------------------------------

@pytest.fixture(params=EXAMPLES)
def example(request, example_runs):
    run = example_runs[request.param]
    files = {name: (run.folder / name).read_bytes() for name in ("resultaten.json", "rapport.html")}
    return request.param, run, files


def test_results_have_the_required_keys(example):
    _, run, files = example
    evaluation = run.evaluation
    results = json.loads(files["resultaten.json"])
    for key in REQUIRED_KEYS:
        lookup(results, key)
    assert results["meta"]["internal"] is True
    assert set(results["meta"]["inputs"]) >= {evaluation.config.path.name, evaluation.config.data.trajectories.name}
    share = results["cohort"]["no_referral"]["share"]
    assert 0 <= results["cohort"]["no_referral"]["ci_low"] <= share <= results["cohort"]["no_referral"]["ci_high"] <= 1
    referred = sum(results["cohort"]["referred_to"].values())
    assert referred + results["cohort"]["no_referral"]["count"] == results["cohort"]["completed"]


def test_pdf_opens_and_shows_key_figures(example_runs):
    from evaluator.report import render

    run = example_runs["steenwijkerland"]
    html = run.read("rapport.html")
    reader = PdfReader(io.BytesIO(render.render_pdf(html, report_date=run.evaluation.report_date)))
    assert len(reader.pages) >= 5
    text = " ".join(page.extract_text() for page in reader.pages)
    assert run.evaluation.config.pilot.municipality in text
    slug = run.evaluation.config.slug
    for key in ("cohort.trajectories", "cohort.helped_share"):
        decision = run.published.decision(f"{slug}/{key}")
        if decision.shown:
            assert decision.text.replace("ongeveer ", "") in text, key
    # Chart data tables are in the HTML (collapsed) and resultaten.json, not in the PDF; its figures keep their alt.
    assert '<details class="cijfers-figuur"' in html and "Cijfers bij figuur" not in text
    assert run.data()["figuren"] and all(f["rijen"] for f in run.data()["figuren"].values())
    alts: list[str] = []

    def walk(node, depth=0):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for kid in node:
                walk(kid, depth)
        elif hasattr(node, "get") and depth < 60:
            if node.get("/S") == "/Figure":
                alts.append(str(node.get("/Alt", "")))
            if "/K" in node:
                walk(node["/K"], depth + 1)

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    assert alts and all(alts), "a figure without alt text in the PDF"


def _reader_text(markup: str) -> str:
    import html as html_lib

    markup = re.sub(r"<style.*?</style>", " ", markup, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", markup))


def test_printed_forms_minus_euro_and_probabilities(example):
    text = _reader_text(example[2]["rapport.html"].decode("utf-8"))
    hyphen = re.search(r".{0,30}(?<![\w\-])-\d.{0,20}", text)
    assert hyphen is None, hyphen.group(0)  # a negative number has the Unicode minus
    assert "€ " not in text  # never a line break after '€'
    assert not re.search(r"\b(0|100)% van de (herhalingen|trekkingen)", text)
    assert "< 1%" not in text and "> 99%" not in text  # 'minder dan 1%' / 'meer dan 99%' everywhere


def test_groningen_names_its_professional_ojg(example_runs):
    text = _reader_text(example_runs["groningen"].read("rapport.html"))
    # Allowed: the concept's name (POH-jeugd) and the abbreviation list.
    stray = [m.group(0) for m in re.finditer(r".{0,40}\bPOH\b(?!-jeugd)(?!\s+Praktijkondersteuner).{0,20}", text)]
    assert not stray, stray
    assert "zonder OJG" in text and "{poh}" not in text and "{who}" not in text


def test_html_is_dutch_and_complete(example):
    html = example[2]["rapport.html"].decode("utf-8")
    assert '<html lang="nl">' in html
    assert "Bestuurlijke samenvatting" in html
    assert "synthetische" in html  # the examples say they are synthetic


def test_steenwijkerland_reproduces_published_aggregates(example_runs):
    evaluation = example_runs["steenwijkerland"].evaluation
    cohort = evaluation.cohort
    assert cohort.trajectories == 99
    assert cohort.no_referral.share == pytest.approx(0.85, abs=0.01)
    assert cohort.satisfaction.mean == pytest.approx(8.2, abs=0.05)



def test_several_pilots_give_a_comparison_report(example_runs):
    comparison_folder = example_runs["vergelijking"].folder
    assert (example_runs["steenwijkerland"].folder / "resultaten.json").exists()
    assert (example_runs["tilburg"].folder / "rapport.html").exists()
    comparison = json.loads((comparison_folder / "vergelijking.json").read_text())["comparison"]
    names = [p["municipality"] for p in comparison["pilots"]]
    assert names == ["Steenwijkerland", "Tilburg", "Groningen"]
    pooled = comparison["pooled"]["share_no_referral"]
    shares = [p["no_referral_share"] for p in comparison["pilots"]]
    assert min(shares) <= pooled["estimate"] <= max(shares)
    assert pooled["pi_low"] < pooled["ci_low"] < pooled["estimate"] < pooled["ci_high"] < pooled["pi_high"]
    assert pooled["k"] == 3 and pooled["method"] == "reml_hksj" and pooled["reason"] is None
    ratio = comparison["pooled"]["rate_ratio"]
    assert ratio["pi_low"] <= ratio["ci_low"] < ratio["estimate"] < ratio["ci_high"] <= ratio["pi_high"]
    assert comparison["meta_regression"] == {"share_no_referral": {}, "rate_ratio": {}}  # fewer than five pilots
    html = (comparison_folder / "vergelijking.html").read_text()
    assert "Gepoolde schattingen" in html and 'lang="nl"' in html
    assert "Opzet en registratie per pilot" in html and "Per jaar, per 1.000 jeugdigen en per traject" in html
    assert ">31,6<" in html  # Groningen: 971 trajecten / 0,83 jaar / 37.000 jeugdigen
    assert "geen &#39;typische&#39; pilot is. Een nieuwe pilot komt naar verwachting uit tussen" in html  # I² > 75%


# --- the effect chapter's figures --------------------------------------------------------------------

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
        cleaned = re.sub(r"periode [-+\u2212]?\d+|perioden? [-+\u2212\d, ]+al af", "", free_of_figures(run, cell))
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
    avoided = figures["steenwijkerland/effect.headline.avoided"]  # the practice panel: external
    assert avoided.kind == "external" and avoided.unit == "getal" and avoided.decimals == 0
    low = figures["steenwijkerland/effect.assumption.avoided_ci_low"]  # assumption route: given completed, linear
    assert low.kind == "linear" and "steenwijkerland/cohort.completed" in low.needs
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
    assert t.verdict.startswith("Vergeleken met praktijken en perioden zonder OJG zijn er in de pilotperiode naar "
                                "schatting 126 verwijzingen voorkomen (95%-interval 1 tot 278). De bewijskracht is matig.")
    assert "bij alle andere gemeenten in het CBS-bestand daalde het van 37% naar 33%." in t.verdict
    assert t.headline_figure == "126 (95%-interval 1 tot 278)"
    assert (f"Bij 92 van de {view.say('cohort.completed')} afgeronde trajecten ontbreekt de verwijsintentie; aangenomen is dat deze trajecten "
            "lijken op die met een geregistreerde intentie.") in t.assumptions
    assert t.power.startswith("Met deze praktijkgegevens is een daling van de verwijzingen vanaf ongeveer 23% met 80% "
                              "zekerheid aan te tonen. Voor een daling van 20% is naar schatting nog 4 maanden")
    assert t.warnings[0] == "2 rijen met onderdrukte of lege cellen ('.') zijn weggelaten."
    # 'geen verwijzer' fell 1.5 points in Groningen while it rose 3.9 points elsewhere: 5.4 points apart.
    assert ("Het aandeel trajecten met ‘geen verwijzer’ was in Groningen gemiddeld 13,8% vóór de start (1e halfjaar "
            "2015 tot en met 1e halfjaar 2018) en 12,2% erna (2e halfjaar 2018 tot en met 1e halfjaar 2019); bij alle "
            "andere gemeenten in het CBS-bestand ging het in dezelfde tijd van 20,9% naar 24,7%.") in t.warnings[1]
    assert t.municipality.startswith("Groningen is vergeleken met alle andere gemeenten in het CBS-bestand, van 1e "
                                     "halfjaar 2015 tot 2e halfjaar 2019 (7 perioden vóór en 3 na de start). Het "
                                     "interval rekent met de schommelingen die elke gemeente ook zonder pilot heeft")
    assert "(placebotoets, rekening houdend met hun grootte): p = " in t.municipality
    assert t.municipality.endswith("Let op: rond de start veranderde de registratie van de verwijzer in de CBS-cijfers "
                                   "van de gemeente; dat alleen al kan het gemeenteniveau verschuiven (zie ‘Let op bij "
                                   "het lezen’).")


@pytest.mark.parametrize("name,verdict", [("groningen", "eens"), ("tilburg", "eens"), ("steenwijkerland", "oneens")])
def test_agreement_compares_the_gemeente_with_what_the_pilot_predicts(runs, name, verdict):
    """Groningen and Tilburg: a diluted gemeente effect that fits the practice level (issue 12: both were
    'oneens' under the old sign rule). Steenwijkerland: the GP share rose while the pilot predicts a small drop."""
    agreement = runs[name].evaluation.effect.agreement
    assert agreement.basis == "practice" and agreement.verdict == verdict
    assert agreement.expected_ci_low <= agreement.expected_estimate <= agreement.expected_ci_high < 1.07
    assert ("Dat past daar niet bij." if verdict == "oneens" else "Dat past daarbij.") in runs[name].texts.verdict


def test_steenwijkerland_reads_as_before(runs):
    t = runs["steenwijkerland"].texts
    # With 15 practices the F test of the leads rejected (p = 0,01) where the permutation test does not: the practice
    # level is the headline, one grade down because the gemeente level points the other way.
    assert t.verdict.startswith("Vergeleken met praktijken en perioden zonder POH Jeugd-GGZ zijn er in de pilotperiode "
                                "naar schatting 37 verwijzingen voorkomen (95%-interval \u221227 tot 124). De bewijskracht "
                                "is zwak. Het interval omvat nul")
    assert ("In de CBS-cijfers steeg het aandeel huisartsverwijzingen in Steenwijkerland van 35% naar 40%; bij 25 "
            "gekozen vergelijkingsgemeenten daalde het van 39% naar 34%.") in t.verdict
    assert "De twee niveaus spreken elkaar tegen" in t.verdict
    assert t.headline_method.startswith("Poissonregressie op praktijken en perioden zonder POH Jeugd-GGZ")
    assert ("Aanname (geen meting): zonder POH Jeugd-GGZ was 60% van de kinderen verwezen (plausibel bereik 40%–80%); bron: "
            "Aanname: de POH heeft niet geregistreerd") in " ".join(t.assumptions)
    assert not any(a.endswith("..") for a in t.assumptions)
    assert t.warnings[0].startswith("Met 15 praktijken zijn gewone clustergecorrigeerde intervallen te smal; het interval "
                                    "is daarom berekend door steeds één praktijk weg te laten")
    assert not any("toets op voortrends" in w for w in t.warnings)
    assert t.quality_note == "1 onderdrukte cel; 1 rij weggelaten."
    # 'geen verwijzer' fell from 11.7% to 1.6% by the first half of 2018 while the comparison rose (issue 12).
    shift = next(w for w in t.warnings if w.startswith("Rond de start veranderde in de CBS-cijfers van Steenwijkerland"))
    assert ("Het aandeel trajecten met ‘geen verwijzer’ was in Steenwijkerland gemiddeld 11,4% vóór de start (1e "
            "halfjaar 2015 tot en met 2e halfjaar 2016) en 5,9% erna (1e halfjaar 2017 tot en met 1e halfjaar 2018); "
            "bij 25 gekozen vergelijkingsgemeenten ging het in dezelfde tijd van 18,7% naar 22,4%.") in shift
    assert "Let op: rond de start veranderde de registratie van de verwijzer" in t.municipality


def test_tilburg_warns_that_the_practice_level_exceeds_the_children_seen(runs):
    t, view = runs["tilburg"].texts, runs["tilburg"].view
    assert t.warnings[-1].startswith("Het praktijkniveau schat meer voorkomen verwijzingen (189) dan de POH-GGZ Jeugd kinderen "
                                     f"zag ({view.text('cohort.trajectories')}). Dat kan alleen als huisartsen")
    assert t.power.endswith("Voor een daling van 20% is de huidige registratie genoeg.")
    assert t.quality_note.startswith("Het CBS-bestand bevat geen aantallen 'verwijzer onbekend' of 'geen verwijzer'")
    assert ("In de perioden met POH-GGZ Jeugd verwezen de pilotpraktijken 0,75 keer zo vaak als voorspeld zonder "
            "POH-GGZ Jeugd (95%-interval 0,68 tot 0,83; p < 0,001): 572 verwijzingen tegen 761 voorspeld.") in t.practice


def test_the_levels_table_prints_the_published_interval(runs):
    """Tilburg's intention route: the interval cell is the published text, or '–' when it is left out."""
    run = runs["tilburg"]
    table = effect_tables(run.view, run.evaluation)["niveaus"]
    row = table.rows[0]
    assert row[:3] == ("Trajecten: verwijsintentie", "Voorkomen verwijzingen", run.view.text("effect.intention.avoided"))
    low = run.view.decision("effect.intention.avoided_ci_low")
    assert (low.text in row[3]) if low.shown else row[3] == "–"


# --- small pilots ---------------------------------------------------------------------------------


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


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_money_rests_on_the_headline(example_runs, name):
    results = example_runs[name].data()
    headline, bc = results["effect"]["headline"], results["business_case"]
    assert bc["basis"]["level"] == headline["level"]
    assert bc["basis"]["avoided"] == pytest.approx(headline["avoided"])
    assert headline["level"] in bc["scenarios"]
    main = bc["scenarios"][headline["level"]]
    assert main["net_savings"] == pytest.approx(bc["net_savings"])
    assert main["prob_positive"] == pytest.approx(bc["prob_positive"])
    budget = bc["budget"]
    assert budget["net_per_year"] == pytest.approx(bc["municipality_total"]["net"] / bc["pilot_years"])
    assert budget["cash_savings_per_year"] + budget["capacity_savings_per_year"] == pytest.approx(
        budget["savings_per_year"])


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_summary_leads_with_the_gemeentes_budget(example_runs, name):
    run = example_runs[name]
    view = view_of(run.published, run.evaluation)
    money = run.data()["tekst"]["kernboodschap"][2]
    assert money.startswith("Voor de begroting van de gemeente")
    assert view.text("money.budget.net_per_year") in money
    labels = [k["label"] for k in run.data()["tekst"]["kerncijfers"]]
    assert "Netto voor de gemeente per jaar" in labels


@pytest.mark.parametrize("name", EXAMPLES)
def test_besluitpunten_are_assessed(example_runs, name):
    run = example_runs[name]
    points = run.data()["besluitpunten"]
    assert [p["tekst"] for p in points] == [d.text for d in run.evaluation.config.decision_points]
    for point in points:
        assert point["oordeel"] in ("gedragen", "voorwaardelijk", "niet_gedragen", "geen_oordeel")
        assert point["reden"]
        if point["soort"] == "anders":
            assert point["oordeel"] == "geen_oordeel"
    html = run.read("rapport.html")
    assert "voorstel van de gemeente" in html


# --- the collegeversie -------------------------------------------------------------------------------

JARGON = ("odds ratio", "p-waarde", "p =", "betrouwbaarheidsinterval", "95%", "interval", "significant", "regressie")


@pytest.fixture(scope="module")
def college_pdfs(example_runs) -> dict[str, PdfReader]:
    """collegeversie.pdf of each example, rendered once from the collegeversie.html the pipeline wrote."""
    from evaluator.report import render

    out = {}
    for name in EXAMPLES:
        run = example_runs[name]
        pdf = render.render_pdf(run.read("collegeversie.html"), report_date=run.evaluation.report_date)
        out[name] = PdfReader(io.BytesIO(pdf))
    return out


def _pdf_text(reader: PdfReader) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _college_free_of_figures(run: Run, text: str) -> str:
    """The collegeversie's text without what holds digits but is no figure: the pilot file's own words
    (titles, besluitpunten), dates, chapter and page numbers, list numbers and the chance phrases."""
    from evaluator.report import formatting as fmt
    from evaluator.report.prose.college import CHANCES

    config = run.evaluation.config
    own = [config.report.title, config.pilot.name, config.report.author, config.report.organisation,
           *(p.text for p in config.decision_points)]
    for words in sorted((w for w in own if w), key=len, reverse=True):
        text = text.replace(re.sub(r"\s+", " ", words), "")
    for day in (config.pilot.start, config.pilot.end, run.evaluation.report_date):
        text = text.replace(fmt.date_long(day), "")
    for _, _, scenarios in CHANCES:
        text = text.replace(scenarios, "")
    text = re.sub(r"(hoofdstuk|bijlage) [0-9A-Z]+|pagina \d+ van \d+", "", text)
    return re.sub(r"(?<!\S)[1-6]\.(?=\s|$)", " ", text)  # section and list numbers


@pytest.mark.parametrize("name", EXAMPLES)
def test_collegeversie_is_short_tagged_and_without_jargon(college_pdfs, example_runs, name):
    reader = college_pdfs[name]
    assert len(reader.pages) <= 4
    root = reader.trailer["/Root"]
    assert root.get("/Lang") == "nl" and "/StructTreeRoot" in root
    text = _pdf_text(reader)
    lowered = text.lower()
    for word in JARGON:
        assert word not in lowered, word
    assert "voorstel van de gemeente" in lowered and "hoofdstuk" in lowered
    for point in example_runs[name].evaluation.config.decision_points:
        assert re.sub(r"\s+", " ", point.text) in text


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_number_in_the_collegeversie_is_a_published_figure(college_pdfs, runs, name):
    run = runs[name]
    allowed = printed_tokens(run)
    text = _college_free_of_figures(run, _pdf_text(college_pdfs[name]))
    for token in NUMBER.findall(text):
        assert token in allowed, (token, text[max(0, text.find(token) - 80): text.find(token) + 40])


def test_collegeversie_quotes_the_headline_and_the_municipality_money(runs, example_runs):
    """The three numbers are the report's own published figures: the headline and the gemeente's saldo."""
    from evaluator.report.prose.college import municipality_money

    for name in EXAMPLES:
        run, html = runs[name], example_runs[name].read("collegeversie.html")
        assert run.view.text("effect.headline.avoided") in html
        net = run.view.text(municipality_money(run.evaluation).net).replace("-", "").replace("\u2212", "")
        assert net in html


def test_the_pilot_chapter_tells_what_the_professional_does_who_did_not_join_and_waiting_times(example_runs):
    run = example_runs["groningen"]
    html = run.read("rapport.html")
    config = run.evaluation.config
    assert "Wat de OJG doet" in html and all(i in html for i in config.professional.interventions)
    assert "Waarom andere huisartsen niet meedoen" in html
    assert all(r.reason in html for r in config.practices.not_joining)
    view = view_of(run.published, run.evaluation)
    wait = config.waiting_times[0]
    assert (f"{view.text('setup.waiting.0.before')} {wait.unit} vóór de pilot, "
            f"{view.text('setup.waiting.0.during')} {wait.unit} tijdens de pilot") in html


# --- the helped share per quarter of the start (Uitkomsten) ------------------------------------------

@pytest.mark.parametrize("name", ["groningen", "steenwijkerland", "tilburg"])
def test_the_quarter_family_adds_up_to_the_hub_and_splits_into_months(runs, name):
    atoms = runs[name].evaluation.cohort.atoms
    quarters, months = atoms["kwartaal"], atoms["maand"]
    assert quarters.link == ("outcome",) and quarters.parent == "uitkomst" and months.parent == "kwartaal"
    for outcome in {key[0] for key in atoms["uitkomst"].cells}:
        assert quarters.count(outcome=outcome) == atoms.outcome(outcome)
    for quarter in {q for q, _ in quarters.cells}:
        assert months.count(quarter=quarter) == quarters.count(quarter=quarter)
    assert len(quarters.cells) == len({q for q, _ in quarters.cells}) * len(atoms["praktijk"].keys(
        practice=atoms.practices[0]))  # quarters x outcomes: a few cells per quarter, not per month


@pytest.mark.parametrize("name", ["groningen", "steenwijkerland", "tilburg"])
def test_the_trend_prints_published_figures_only(runs, name):
    from evaluator.report.charts.cohort import cohort_charts, published_quarters
    from evaluator.report.prose.cohort import cohort_texts

    run = runs[name]
    allowed = printed_tokens(run)
    text = cohort_texts(run.view, run.evaluation).trend
    chart = cohort_charts(run.view, run.evaluation, "#1F4E79").get("trend")
    shown = published_quarters(run.view, run.evaluation)
    assert (text is not None) == (chart is not None) == (len(shown) >= 2)
    if text is None:
        return
    assert "lopen er nog meer" in text and "alleen afgeronde trajecten" in text
    pieces = [text, chart.alt] + [cell for row in chart.rows for cell in row[1:]]
    for piece in pieces:
        cleaned = re.sub(r"\de kwartaal \d{4}", "", free_of_figures(run, piece))
        for token in NUMBER.findall(cleaned):
            assert token in allowed, (token, piece)
    for label, count, share in chart.rows:
        quarter = f"{label[-4:]}-Q{label[0]}"
        assert count == run.view.text(f"cohort.quarter.{quarter}.completed")
        assert share == run.view.text(f"cohort.quarter.{quarter}.helped_share")


# --- how trajectories end, the ongoing ones taken into account (cohort/competing_risks.py) -------------------

def test_ongoing_trajectories_view_in_the_examples(runs, example_runs):
    from evaluator.report.prose.cohort import ongoing_text

    groningen = ongoing_text(runs["groningen"].view, runs["groningen"].evaluation)
    assert groningen == (
        "Er lopen nog 280 trajecten. Een verwijzing rondt een traject vaak sneller af dan hulp in de praktijk; "
        "zolang er trajecten lopen, kan het aandeel verwezen kinderen onder de afgeronde trajecten daardoor te hoog "
        "uitvallen. Een schatting die de lopende trajecten meetelt, komt uit op 42% verwezen van de trajecten die "
        "binnen een half jaar na de start eindigen met hulp of een verwijzing (95%-interval 38% tot 47%); van de nu "
        "afgeronde trajecten is 46% verwezen.")
    assert groningen in example_runs["groningen"].read("rapport.html")
    assert "binnen 121 dagen na de start" in ongoing_text(runs["tilburg"].view, runs["tilburg"].evaluation)
    # 4 of 99 trajectories still running: no sentence
    assert ongoing_text(runs["steenwijkerland"].view, runs["steenwijkerland"].evaluation) is None
    for name in ("groningen", "steenwijkerland", "tilburg"):
        section = example_runs[name].data()["cohort"]["competing_risks"]
        assert section["referred_share_ci_low"] <= section["referred_share"] <= section["referred_share_ci_high"]
        assert section["interval_method"] == "delta_greenwood_loglog"
        assert {"horizon_days", "referred", "referred_ci_low", "referred_ci_high", "helped", "dropped_out",
                "completed_only_referred_share", "warnings"} <= set(section)


@pytest.mark.slow  # 15 s: a worker process of its own starts; the pool itself: tests/test_parallel.py
def test_two_workers_write_the_same_files_as_one_process(example_runs, tmp_path, monkeypatch):
    """The examples again, now with two worker processes (their audits come from the session's cache): every
    file is byte for byte the one the session fixture wrote in one process."""
    monkeypatch.setenv("EVALUATOR_PROCESSEN", "2")
    out = tmp_path / "uit"
    pipeline.run([PILOTS / f"{name}.yaml" for name in EXAMPLES],
                 pipeline.RunOptions(out_dir=out, report_date=REPORT_DATE, formats=("json", "html")))
    written = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    first = example_runs["vergelijking"].folder.parent
    assert len(written) >= 10 and Path("vergelijking/vergelijking.html") in written
    assert set(written) < {p.relative_to(first) for p in first.rglob("*") if p.is_file()}
    for name in written:
        assert (out / name).read_bytes() == (first / name).read_bytes(), name
