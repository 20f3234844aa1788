"""Comparison across pilots: REML + Hartung-Knapp pooling and meta-regression against metafor, coverage by
simulation, and the comparison report of several pilots.

Reference values: metafor's README (github.com/wviechtb/metafor, README.md, the dat.bcg example), printed by
``rma(yi, vi, data=dat, test="knha")`` (REML is metafor's default), ``predict(res, transf=exp)`` and
``rma(yi, vi, mods = ~ ablat, data=dat, test="knha")``; the DerSimonian-Laird values from metafor's
tests/testthat/test_misc_metan_vs_rma.uni_with_dat.bcg.r (checked there against Stata's metan).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import time

import numpy as np
import pytest

from builders import pilot_with_traits
from evaluator.compare import compare_pilots, pool
from evaluator.compare.meta_analysis import (confidence_interval, dersimonian_laird_normal, fit_random_effects,
                                             p_value, prediction_interval, reml_tau2, restricted_log_likelihood)
from evaluator.compare.traits import meta_regressions, trait_values

# dat.bcg (Colditz et al. 1994): 13 BCG vaccine trials, tuberculosis cases in vaccinated and control arms.
BCG = np.array([  # tpos, tneg, cpos, cneg, ablat
    (4, 119, 11, 128, 44), (6, 300, 29, 274, 55), (3, 228, 11, 209, 42), (62, 13536, 248, 12619, 52),
    (33, 5036, 47, 5761, 13), (180, 1361, 372, 1079, 44), (8, 2537, 10, 619, 19), (505, 87886, 499, 87892, 13),
    (29, 7470, 45, 7232, 27), (17, 1699, 65, 1600, 42), (186, 50448, 141, 27197, 18), (5, 2493, 3, 2338, 33),
    (27, 16886, 29, 17825, 33)], dtype=float)


def bcg_log_risk_ratios() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    a, b, c, d, ablat = BCG.T
    y = np.log(a / (a + b)) - np.log(c / (c + d))
    v = 1 / a - 1 / (a + b) + 1 / c - 1 / (c + d)
    return y, v, ablat


def test_bcg_yi_vi_match_metafor_escalc():
    y, v, _ = bcg_log_risk_ratios()
    assert np.round(y[:4], 4).tolist() == [-0.8893, -1.5854, -1.3481, -1.4416]
    assert np.round(v[:4], 4).tolist() == [0.3256, 0.1946, 0.4154, 0.0200]


def test_reml_knapp_hartung_matches_metafor_on_bcg():
    y, v, _ = bcg_log_risk_ratios()
    fit = fit_random_effects(y, v)
    assert fit.coefficients[0] == pytest.approx(-0.7145, abs=5e-5)
    assert fit.standard_errors[0] == pytest.approx(0.1808, abs=5e-5)
    assert fit.tau2 == pytest.approx(0.3132, abs=5e-5)
    assert fit.i2 == pytest.approx(0.9222, abs=5e-5)
    assert fit.q == pytest.approx(152.2330, abs=5e-4) and fit.df == 12
    assert confidence_interval(fit) == pytest.approx((-1.1084, -0.3206), abs=5e-5)
    assert p_value(fit, 0) == pytest.approx(0.0019, abs=5e-5)
    low, high = prediction_interval(fit)  # predict(res, transf=exp, digits=2): 0.49 [0.33; 0.73], PI [0.14; 1.76]
    assert (round(math.exp(low), 2), round(math.exp(high), 2)) == (0.14, 1.76)
    assert round(math.exp(fit.coefficients[0]), 2) == 0.49


def test_meta_regression_matches_metafor_on_bcg_latitude():
    y, v, ablat = bcg_log_risk_ratios()
    fit = fit_random_effects(y, v, ablat[:, None])
    # metafor stops its Fisher scoring when tau2 changes by less than 1e-5 and prints 0.0764; the maximum of
    # the restricted likelihood is at 0.076348 (test_reml_maximises_the_restricted_likelihood).
    assert fit.tau2 == pytest.approx(0.0764, abs=1e-4) and fit.i2 == pytest.approx(0.6839, abs=5e-5)
    assert fit.q == pytest.approx(30.7331, abs=5e-4) and fit.df == 11
    assert fit.coefficients == pytest.approx((0.2515, -0.0291), abs=5e-5)
    assert fit.standard_errors == pytest.approx((0.2839, 0.0082), abs=5e-5)
    assert confidence_interval(fit, 0) == pytest.approx((-0.3735, 0.8764), abs=1e-4)  # tau2, see above
    assert confidence_interval(fit, 1) == pytest.approx((-0.0472, -0.0111), abs=5e-5)
    assert p_value(fit, 1) == pytest.approx(0.0046, abs=5e-5)


def test_trait_meta_regression_is_the_same_fit():
    """A pilot trait (here praktijken.aantal set to the trials' latitude) gives metafor's ablat coefficient."""
    from evaluator.inputs.config import PilotConfig

    y, v, ablat = bcg_log_risk_ratios()
    configs = [PilotConfig.model_validate({
        "pilot": {"naam": "x", "gemeente": "x", "gemeentecode": "GM0001", "start": "2023-01-01", "einde": "2023-12-31"},
        "data": {"trajecten": "t.csv"}, "praktijken": {"aantal": int(a)}}) for a in ablat]
    result = meta_regressions([f"p{i}" for i in range(13)], y, v, configs)
    assert set(result) == {"praktijken.aantal"}  # the other traits are not given
    trait = result["praktijken.aantal"]
    assert trait.coefficient == pytest.approx(-0.0291, abs=5e-5) and trait.k == 13
    assert (trait.ci_low, trait.ci_high) == pytest.approx((-0.0472, -0.0111), abs=5e-5)
    assert trait.p_value == pytest.approx(0.0046, abs=5e-5)
    # Four pilots are too few; one pilot on one side of a yes/no trait is too few as well.
    assert meta_regressions([f"p{i}" for i in range(4)], y[:4], v[:4], configs[:4]) == {}


def test_dersimonian_laird_matches_metafor_and_stata_on_bcg():
    y, v, _ = bcg_log_risk_ratios()
    assert dersimonian_laird_normal(y, v) == pytest.approx((-0.7141, -1.0644, -0.3638), abs=5e-5)


def test_reml_maximises_the_restricted_likelihood():
    """Fisher scoring against a bounded search of the restricted likelihood (scipy), also on dat.bcg with ablat."""
    from scipy import optimize

    rng = np.random.default_rng(5)
    cases = []
    for _ in range(15):
        k = int(rng.integers(3, 9))
        v = rng.uniform(0.005, 0.08, size=k)
        cases.append((rng.normal(0, 0.3, size=k) + rng.normal(0, np.sqrt(v)), v, np.ones((k, 1))))
    y, v, ablat = bcg_log_risk_ratios()
    cases.append((y, v, np.column_stack([np.ones(13), ablat])))
    for y, v, x in cases:
        tau2 = reml_tau2(y, v, x)
        found = optimize.minimize_scalar(lambda t: -restricted_log_likelihood(y, v, x, t), bounds=(0.0, 2.0),
                                         method="bounded", options={"xatol": 1e-10})
        assert restricted_log_likelihood(y, v, x, tau2) >= -found.fun - 1e-9
    assert reml_tau2(*cases[-1]) == pytest.approx(0.076348, abs=1e-6)


def test_no_pooled_estimate_below_three_pilots():
    two = pool(["a", "b"], np.array([0.1, 0.3]), np.array([0.01, 0.02]), math.exp)
    assert two.estimate is None and two.reason == "fewer_than_three_pilots" and two.k == 2 and not two.pooled
    three = pool(["a", "b", "c"], np.array([0.1, 0.3, 0.2]), np.array([0.01, 0.02, 0.01]), math.exp)
    assert three.pooled and three.reason is None and three.method == "reml_hksj"
    assert three.pi_low <= three.ci_low < three.estimate < three.ci_high <= three.pi_high


def test_identical_pilots_have_no_heterogeneity_and_are_not_narrower_than_fixed_effect():
    """The max(1, q) correction: equal pilots do not get an interval narrower than the fixed-effect one."""
    y, v = np.array([0.1, 0.1, 0.1]), np.array([0.01, 0.02, 0.03])
    fit = fit_random_effects(y, v)
    assert fit.tau2 == 0.0 and fit.i2 == 0.0
    assert fit.standard_errors[0] == pytest.approx(math.sqrt(1 / np.sum(1 / v)))


def test_categories_become_yes_no_traits():
    from evaluator.inputs.config import PilotConfig

    def config(background):
        return PilotConfig.model_validate({
            "pilot": {"naam": "x", "gemeente": "x", "gemeentecode": "GM0001", "start": "2023-01-01",
                      "einde": "2023-12-31"},
            "data": {"trajecten": "t.csv"}, "professional": {"achtergrond": background}})

    values = trait_values([config(b) for b in ("ggz", "wijkteam", None, "ggz")])
    assert values["professional.achtergrond=ggz"] == ((1.0, 0.0, None, 1.0), "yes_no")
    assert values["professional.achtergrond=wijkteam"] == ((0.0, 1.0, None, 0.0), "yes_no")


# --- coverage: the former DerSimonian-Laird normal interval against REML + Hartung-Knapp -------------------


def coverage(k: int, tau: float, runs: int, seed: int, truth: float = -0.2) -> tuple[float, float, float]:
    """(DL normal CI, REML-HKSJ CI, prediction interval) coverage; log rate ratios with standard errors 0,08-0,25
    (the practice panels of the examples) and a between-pilot SD ``tau``."""
    rng = np.random.default_rng(seed)
    dl = hk = pi = 0
    for _ in range(runs):
        v = rng.uniform(0.08, 0.25, size=k) ** 2
        y = rng.normal(truth + rng.normal(0, tau, size=k), np.sqrt(v))
        _, low, high = dersimonian_laird_normal(y, v)
        dl += low <= truth <= high
        fit = fit_random_effects(y, v)
        low, high = confidence_interval(fit)
        hk += low <= truth <= high
        low, high = prediction_interval(fit)
        pi += low <= truth + rng.normal(0, tau) <= high
    return dl / runs, hk / runs, pi / runs


def test_hartung_knapp_covers_with_three_pilots():
    dl, hk, _ = coverage(3, 0.2, 300, seed=3)
    assert hk >= 0.94 and hk > dl + 0.04  # measured (2000 runs): DL 0,87, HKSJ 0,995


@pytest.mark.slow
def test_coverage_three_to_ten_pilots_long(request, capsys):
    """2000 runs per k and tau; measured HKSJ 0,95-1,00 for k = 3..10 (DL 0,87-0,92 at tau 0,2)."""
    if "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("lange simulatie: draai met -m slow")
    for tau in (0.0, 0.1, 0.2):
        for k in range(3, 11):
            dl, hk, pi = coverage(k, tau, 2000, seed=k)
            with capsys.disabled():
                print(f"tau {tau} k {k}: DL {dl:.3f} HKSJ {hk:.3f} PI {pi:.3f}")
            assert 0.935 <= hk <= 1.0, (tau, k, hk)
            assert hk >= dl - 0.01, (tau, k, dl, hk)


# --- several pilots: the comparison stage and report ---------------------------------------------------------

SET_UPS = [  # completed, helped, fte, background, hours in the wijkteam, coverage of the GPs
    (40, 14, 1.0, "ggz", True, 0.2), (45, 20, 1.5, "ggz", False, 0.3), (50, 30, 2.0, "wijkteam", True, 0.5),
    (42, 26, 2.5, "wijkteam", True, 0.6), (48, 35, 3.0, "jgz", False, 0.8), (44, 30, 0.8, "wijkteam", False, 0.4)]


@pytest.fixture(scope="module")
def six_pilots(tmp_path_factory):
    from evaluator.pipeline import evaluate

    folder = tmp_path_factory.mktemp("zes")
    paths = []
    for i, (completed, helped, fte, background, wijkteam, coverage_) in enumerate(SET_UPS):
        traits = (f"\nprofessional:\n  fte: {fte}\n  achtergrond: {background}\n  uren_in_wijkteam: "
                  f"{str(wijkteam).lower()}\npraktijken:\n  aantal: {3 + i}\n  dekking_huisartsen: {coverage_}\n")
        paths.append(pilot_with_traits(folder / f"pilot{i}", f"GM{1001 + i}", completed, helped, traits))
    return [evaluate(p) for p in paths]


def unaudited(table):
    """Every figure at the first step of its ladder (counts below 5 still '<5'): the report layer without the
    disclosure audit's search, which takes seconds per pilot (the audited path is test_several_pilots_audited)."""
    from evaluator.report.audit import Published, publish

    return Published(dict(table.figures), {key: publish(f, 0) for key, f in table.figures.items()})


def test_six_pilots_pool_and_regress_on_their_traits(six_pilots):
    comparison = compare_pilots(six_pilots)
    share = comparison.pooled.share_no_referral
    assert share.k == 6 and share.pooled and share.method == "reml_hksj"
    counts = np.array([(h, c) for c, h, *_ in SET_UPS], dtype=float)
    y = np.log(counts[:, 0] / (counts[:, 1] - counts[:, 0]))
    v = 1 / counts[:, 0] + 1 / (counts[:, 1] - counts[:, 0])
    fit = fit_random_effects(y, v)
    assert share.estimate == pytest.approx(1 / (1 + math.exp(-fit.coefficients[0])))
    assert not comparison.pooled.rate_ratio.pooled and comparison.pooled.rate_ratio.k == 0
    traits = comparison.meta_regression.share_no_referral
    assert set(traits) == {"professional.fte", "praktijken.aantal", "praktijken.dekking_huisartsen",
                           "professional.uren_in_wijkteam", "professional.achtergrond=ggz",
                           "professional.achtergrond=wijkteam"}  # jgz: one pilot, too few on one side
    fte = fit_random_effects(y, v, np.array([s[2] for s in SET_UPS])[:, None])
    assert traits["professional.fte"].coefficient == pytest.approx(fte.coefficients[1])
    assert traits["professional.fte"].k == 6 and comparison.meta_regression.rate_ratio == {}


def test_comparison_report_of_six_pilots(six_pilots):
    from evaluator.report.files import comparison_files
    from evaluator.report.publish import figure_table

    comparison = compare_pilots(six_pilots)
    table = figure_table(six_pilots, comparison)
    files = comparison_files(comparison, six_pilots, unaudited(table), dt.date(2024, 1, 15), ("json", "html"))
    data = json.loads(files["vergelijking.json"])["comparison"]
    pooled = data["pooled"]["share_no_referral"]
    assert set(pooled) >= {"estimate", "ci_low", "ci_high", "pi_low", "pi_high", "tau2", "i2", "k", "method"}
    assert data["pooled"]["rate_ratio"]["estimate"] is None and data["pooled"]["rate_ratio"]["reason"]
    fte = data["meta_regression"]["share_no_referral"]["professional.fte"]
    assert set(fte) >= {"coefficient", "ci_low", "ci_high", "p_value", "k"}
    html = files["vergelijking.html"].decode()
    assert "Verschillen in opzet" in html and "Formatie van de professional (per fte)" in html
    assert "Lees deze uitkomsten als aanwijzing" in html
    assert "Over 6 pilots gemiddeld" in html and "95%-voorspellingsinterval" in html


@pytest.mark.slow
def test_several_pilots_audited(six_pilots, request):
    """The full disclosure audit of six pilots (about 20 seconds): the pooled figures and traits are published."""
    if "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("lange test: draai met -m slow")
    from evaluator.report.audit import audit
    from evaluator.report.publish import figure_table

    comparison = compare_pilots(six_pilots)
    published = audit(figure_table(six_pilots, comparison))
    assert published.shown("vergelijking/pooled.share_no_referral.estimate",
                           "vergelijking/metaregressie.share_no_referral.professional.fte.coefficient")


def test_fit_is_fast():
    y, v, _ = bcg_log_risk_ratios()
    began = time.perf_counter()
    for _ in range(50):
        fit_random_effects(y, v)
    assert time.perf_counter() - began < 1.0


def test_left_out_pilot_is_grey_with_its_reason_and_the_pool_adds_a_prediction(six_pilots):
    import dataclasses

    from evaluator.compare import Exclusion
    from evaluator.report.comparison import GREY, comparison_context
    from evaluator.report.publish import figure_table

    comparison = compare_pilots(six_pilots)
    comparison = dataclasses.replace(comparison, excluded=(Exclusion("pilot0", "share_no_referral", "no_completed"),))
    published = unaudited(figure_table(six_pilots, comparison))
    context = comparison_context(comparison, six_pilots, published, dt.date(2024, 1, 15))
    chart = context.charts["zonder_verwijzing"]
    assert chart.rows[0][0] == "Gemeente GM1001 (niet gepoold: geen afgeronde trajecten)"
    assert GREY.lower() in chart.svg.lower()
    assert chart.rows[-1][0] == "Nieuwe pilot (voorspelling)" and chart.rows[-1][2] != "–"
    design = context.tables["opzet"]
    assert design.rows[0][:5] == ("Gemeente GM1001", "POH-jeugd (Jeugd-GGZ)", "1,00", "3 (20%)", "ja")


def test_fewer_than_three_pilots_say_why_there_is_no_pool(six_pilots):
    from evaluator.report.comparison import comparison_context
    from evaluator.report.publish import figure_table

    two = six_pilots[:2]
    comparison = compare_pilots(two)
    assert comparison.pooled.share_no_referral.reason == "fewer_than_three_pilots"
    context = comparison_context(comparison, two, unaudited(figure_table(two, comparison)), dt.date(2024, 1, 15))
    assert context.pooled[0].sentence.startswith("Geen gepoold cijfer: maar 2 pilots hebben een bruikbaar cijfer.")
    assert "minstens 5 pilots" in context.traits
