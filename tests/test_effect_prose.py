"""The Dutch of the effect chapter, code by code: every assumption and warning code has its sentence,
every branch of the verdict and the power sentence says what it should, and numbers come from the view.

A stub view prints a figure as «name» (and a count in a sentence as «zeg name»), so each test shows
which published figure a sentence quotes, and deleting or rewording an explanation fails a test.
"""

from __future__ import annotations

import datetime as dt
import math
import typing
from types import SimpleNamespace

import pytest

from evaluator.effect import results
from evaluator.effect.results import EventStudyTerm, LevelAgreement, RegistrationShift
from evaluator.inputs.config import Parameter
from evaluator.report.charts.effect import event_label
from evaluator.report.prose import effect as prose
from evaluator.report.prose.effect_notes import ASSUMPTIONS, WARNINGS, assumption_texts, warning_texts

NAN = math.nan


class StubView:
    """Prints figures by name; ``hidden`` names are not published."""

    threshold = 5
    professional = "POH"

    def __init__(self, hidden: tuple[str, ...] = ()):
        self.hidden = set(hidden)

    def text(self, name: str) -> str:
        return "–" if name in self.hidden else f"«{name}»"

    def say(self, name: str) -> str:
        return f"«zeg {name}»"

    def the(self, name: str) -> str:
        return "alle" if name in self.hidden else f"de {self.say(name)}"

    def shown(self, *names: str) -> bool:
        return not (set(names) & self.hidden)

    def has(self, name: str) -> bool:
        return True

    def interval(self, low: str, high: str) -> str:
        return f"{self.text(low)} tot {self.text(high)}" if self.shown(low, high) else "–"


def shift(measure="geen_verwijzer", difference=-0.09, **fields) -> RegistrationShift:
    """Steenwijkerland's fall of 'geen verwijzer' while the comparison rose."""
    base = dict(treated_before=0.114, treated_after=0.059, comparison_before=0.187, comparison_after=0.224,
                first_period_before="2015HJ01", last_period_before="2016HJ02", first_period_after="2017HJ01",
                last_period_after="2018HJ01")
    return RegistrationShift(measure, difference, **{**base, **fields})


def municipality(**fields) -> SimpleNamespace:
    base = dict(municipality_code="GM0001", absent_comparison=("GM0002", "GM0003"), excluded_rows=2,
                provisional_periods=("2019HJ02",), registration_shifts=(shift(),),
                comparison_kind="chosen", outcome="share", method="did", periods=("2015HJ01", "2019HJ02"),
                treated_pre=0.35, treated_post=0.40, comparison_pre=0.39, comparison_post=0.34, quality=(),
                suppressed_cells=1, p_value=0.01, ci_method="quasi_did")
    return SimpleNamespace(**{**base, **fields})


def practice(**fields) -> SimpleNamespace:
    base = dict(covariates=("aandeel_lage_inkomens",), absorbed_covariates=("praktijkgrootte",), treated_practices=2,
                rate_ratio=0.84, ci_low=0.64, ci_high=1.10, ci_method="jackknife", unimputed_cells=3,
                sensitivity="not_significant", breakdown_trend=0.97)
    return SimpleNamespace(**{**base, **fields})


def evaluation(effect=None, source: str | None = "eigen schatting.", prange=(0.4, 0.8)) -> SimpleNamespace:
    config = SimpleNamespace(
        assumptions=SimpleNamespace(referral_probability_without_poh=Parameter(value=0.6, range=prange, source=source)),
        pilot=SimpleNamespace(start=dt.date(2017, 4, 1), municipality="Steenwijkerland"),
        professional=SimpleNamespace(title="POH Jeugd-GGZ", short_title="POH"))
    return SimpleNamespace(config=config, effect=effect)


def with_codes(assumptions=(), warnings=(), **fields) -> SimpleNamespace:
    return SimpleNamespace(assumptions=assumptions, warnings=warnings, practice=practice(),
                           municipality=municipality(), **fields)


ASSUMPTION_SENTENCES = {
    "counted_referrals": "Als verwijzing tellen verwijzingen naar specialistische of basis-jeugd-GGZ, wijkteam, "
                         "jeugdhulp/LVB en overig; een vrij toegankelijke voorziening telt niet als verwijzing.",
    "completed_only": "Alleen afgeronde trajecten tellen mee; lopende en uitgevallen trajecten hebben nog geen uitkomst.",
    "induced_demand": "Aanname: «effect.assumption.induced_demand» van de kinderen was zonder het aanbod niet bij de "
                      "huisarts gekomen (geïnduceerde vraag); voor hen is zonder POH geen verwijzing meegeteld.",
    "missing_intention_alike": "Bij «zeg cohort.intention_unknown» van de «zeg cohort.completed» afgeronde trajecten "
                               "ontbreekt de verwijsintentie; aangenomen is dat deze trajecten lijken op die met een "
                               "geregistreerde intentie.",
    "intention_counterfactual": "De verwijsintentie van de huisarts bij de overdracht is wat er zonder POH was gebeurd.",
    "practices_clustered": "Het interval van de schatting uit de verwijsintentie houdt rekening met verschillen "
                           "tussen praktijken: kinderen uit dezelfde praktijk lijken meer op elkaar dan kinderen uit "
                           "verschillende praktijken. Het interval is daardoor soms breder, maar wel eerlijk.",
    "trajectories_independent": "Het interval van de schatting uit de verwijsintentie gaat ervan uit dat de "
                                "trajecten los van elkaar staan: er waren te weinig praktijken met genoeg afgeronde "
                                "trajecten om verschillen tussen praktijken mee te nemen. Als praktijken verschillend "
                                "werken, is het interval te smal.",
    "assumed_probability": "Aanname (geen meting): zonder POH was «effect.assumption.referral_probability» van de "
                           "kinderen verwezen (plausibel bereik «effect.assumption.referral_probability_low»–"
                           "«effect.assumption.referral_probability_high»); bron: eigen schatting.",
    "split_like_actual": "De voorkomen verwijzingen zijn over bestemmingen verdeeld zoals de werkelijke verwijzingen.",
    "split_groningen": "De voorkomen verwijzingen zijn over bestemmingen verdeeld zoals de werkelijke verwijzingen (er "
                       "zijn geen verwijzingen; verdeling uit Groningen 2018-19).",
    "parallel_trends": "Zonder POH waren de verwijzingen in praktijken met POH in dezelfde mate veranderd als in de "
                       "praktijken (of perioden) zonder POH (parallelle trends). Hoe groot een afwijking daarvan mag zijn voordat de conclusie "
                       "omslaat, staat bij de gevoeligheid.",
    "no_anticipation": "Vóór de start van de POH veranderde er in de pilotpraktijken nog niets door de komst van de "
                       "POH; hun perioden vóór de start tellen daarom mee als perioden zonder POH.",
    "rate_per_listed": "Het effect wordt gemeten als verhouding van verwijzingen per ingeschreven jeugdige; vaste "
                       "verschillen tussen praktijken en landelijke schommelingen per periode vallen weg.",
    "covariates": "Gecorrigeerd voor: 'aandeel lage inkomens'.",
    "covariates_absorbed": "Het kenmerk 'praktijkgrootte' verandert niet binnen een praktijk. Het model vergelijkt elke "
                           "praktijk al met zichzelf, dus daarvoor is al gecorrigeerd; het staat daarom niet apart in "
                           "het model.",
    "municipality_trends": "Zonder POH was het aandeel huisartsverwijzingen in de pilotgemeente op dezelfde manier "
                           "veranderd als bij «effect.municipality.comparison_chosen» gekozen vergelijkingsgemeenten.",
    "gp_counts_poh": "Een verwijzing door de POH telt bij het CBS als verwijzing door de huisarts; een effect is daarom alleen "
                     "te zien als de POH in een groot deel van de praktijken werkt.",
    "nation_includes_pilot": "Nederland bevat de pilotgemeente zelf; bij een kleine gemeente maakt dat weinig uit.",
}

WARNING_SENTENCES = {
    "intention_incomplete": "De verwijsintentie is maar bij «effect.intention.known_share» van de afgeronde trajecten "
                            "geregistreerd. Als vooral de duidelijke gevallen zijn geregistreerd, is de schatting "
                            "vertekend.",
    "no_probability_range": "Voor de verwijskans zonder POH is geen bereik opgegeven; het interval bevat dan alleen "
                            "toevalsvariatie en is te smal. Geef in het pilotbestand een 'bereik' op.",
    "cohort_not_estimable": "Er is geen verwijsintentie van de huisarts geregistreerd en geen aanname over de "
                            "verwijskans zonder POH opgegeven. Het aantal voorkomen verwijzingen is daarom niet te "
                            "schatten; het aandeel kinderen zonder verwijzing is géén maat voor voorkomen verwijzingen.",
    "panel_not_identified": "Het praktijkpanel is niet gebruikt: alle praktijken begonnen in dezelfde periode met de "
                            "POH en geen praktijk bleef zonder, dus er is geen vergelijking. Het effect op "
                            "praktijkniveau is niet te schatten. Voeg praktijken zonder POH (of met een latere start) "
                            "toe aan het panel.",
    "few_practices": "Met «effect.practice.practices» praktijken zijn gewone clustergecorrigeerde intervallen te smal; "
                     "het interval is daarom berekend door steeds één praktijk weg te laten en opnieuw te rekenen "
                     "(jackknife), wat in simulaties met weinig praktijken betrouwbaar bleef. Er staat ook een p-waarde uit een permutatietoets (de start van de POH wordt willekeurig over "
                     "praktijken verdeeld): «effect.practice.permutation_p», tegen «effect.practice.p_value» met de "
                     "gewone methode. Wijken ze af, houd dan de permutatietoets aan.",
    "few_treated": "Slechts «effect.practice.treated_practices» praktijken kregen een POH; één bijzondere praktijk kan "
                   "de uitkomst bepalen.",
    "pretrend_failed": "Al vóór de start van de POH liepen de verwijzingen in de pilotpraktijken anders dan in de "
                       "vergelijking (toets op voortrends «effect.practice.pretrend_p»). Het geschatte effect kan "
                       "daardoor (deels) een bestaande trend zijn.",
    "cells_not_imputed": "«effect.practice.unimputed_cells» praktijkperioden met POH hebben geen voorspelling zonder "
                         "POH: in die periode had geen enkele praktijk (nog) geen POH, of de praktijk had al vanaf de "
                         "eerste periode een POH. Ze tellen niet mee in het effect. Voeg praktijken zonder POH of "
                         "eerdere perioden toe aan het panel.",
    "panel_below_registration": "In ten minste één pilotpraktijk telt het praktijkpanel in de perioden met POH minder "
                                "verwijzingen dan de registratie trajecten met een verwijzing heeft. De kolom "
                                "'verwijzingen' moet álle verwijzingen van de praktijk naar jeugdhulp en jeugd-GGZ "
                                "tellen, ook die door de POH; anders lijkt een verwijzing die alleen via de POH liep, "
                                "voorkomen. Controleer het panel (of beslaat het een kortere periode dan de registratie?).",
    "overdispersion": "De aantallen schommelen meer dan bij toeval verwacht (spreidingsverhouding "
                      "«effect.practice.overdispersion»). De intervallen houden daar rekening mee (ze zijn per "
                      "praktijk berekend), maar zijn daardoor breder.",
    "municipality_absent": "De pilotgemeente GM0001 staat niet in het CBS-bestand.",
    "comparison_absent": "Vergelijkingsgemeenten niet in het CBS-bestand: GM0002, GM0003.",
    "no_pre_post": "Het CBS-bestand heeft voor de pilotgemeente geen bruikbare periode vóór én na de start van de pilot "
                   "(1 april 2017); een verschil-in-verschillen is dan niet te schatten. Download een reeks van "
                   "meerdere jaren (of halfjaren) uit StatLine.",
    "rows_excluded": "«effect.municipality.excluded_rows» rijen met onderdrukte of lege cellen ('.') zijn weggelaten.",
    "provisional": "Voorlopige CBS-cijfers in 2e halfjaar 2019; die kunnen nog veranderen.",
    "registration_shift": "Rond de start veranderde in de CBS-cijfers van Steenwijkerland de registratie van de "
                          "verwijzer. Het aandeel trajecten met ‘geen verwijzer’ was in Steenwijkerland gemiddeld "
                          "«effect.municipality.registration_shift.geen_verwijzer.treated_before» vóór de start "
                          "(1e halfjaar 2015 tot en met 2e halfjaar 2016) en "
                          "«effect.municipality.registration_shift.geen_verwijzer.treated_after» erna (1e halfjaar 2017 "
                          "tot en met 1e halfjaar 2018); bij «effect.municipality.comparison_chosen» gekozen "
                          "vergelijkingsgemeenten ging het in dezelfde tijd van "
                          "«effect.municipality.registration_shift.geen_verwijzer.comparison_before» naar "
                          "«effect.municipality.registration_shift.geen_verwijzer.comparison_after». Ten opzichte van "
                          "de vergelijking staan in Steenwijkerland na de start dus minder trajecten zonder (bekende) "
                          "verwijzer. Staan die trajecten nu op naam van de huisarts, dan stijgt het aandeel "
                          "huisartsverwijzingen zonder dat huisartsen meer verwezen: in de gemeentecijfers lijkt het "
                          "effect van de POH dan kleiner dan het is, of lijkt er zelfs meer te worden verwezen. Lees de "
                          "uitkomst op gemeenteniveau daarom voorzichtig.",
    "practice_exceeds_seen": "Het praktijkniveau schat meer voorkomen verwijzingen («effect.headline.avoided») dan de "
                             "POH kinderen zag («zeg cohort.trajectories»). Dat kan alleen als huisartsen ook bij "
                             "kinderen die niet bij de POH kwamen minder verwijzen (bijvoorbeeld na overleg met de POH), "
                             "of als de praktijken met en zonder POH op meer punten verschillen dan de vergelijking "
                             "meeneemt. Lees dit cijfer daarom voorzichtig.",
    "no_headline": "Er is geen hoofdcijfer voor voorkomen verwijzingen; de kosten-batenanalyse kan daarom geen besparing "
                   "berekenen.",
}


def codes(*types) -> set[str]:
    return {code for t in types for code in typing.get_args(t)}


def test_every_code_of_the_stage_has_a_sentence_and_a_test():
    assumption_codes = codes(results.CohortAssumption, results.PracticeAssumption, results.MunicipalityAssumption)
    warning_codes = codes(results.CohortWarning, results.PracticeWarning, results.MunicipalityWarning,
                          results.EffectWarning)
    assert set(ASSUMPTIONS) == assumption_codes == set(ASSUMPTION_SENTENCES)
    assert set(WARNINGS) == warning_codes == set(WARNING_SENTENCES)


@pytest.mark.parametrize("code", sorted(ASSUMPTION_SENTENCES))
def test_assumption_sentence(code):
    assert assumption_texts(StubView(), evaluation(with_codes(assumptions=(code,)))) == (ASSUMPTION_SENTENCES[code],)


@pytest.mark.parametrize("code", sorted(WARNING_SENTENCES))
def test_warning_sentence(code):
    assert warning_texts(StubView(), evaluation(with_codes(warnings=(code,)))) == (WARNING_SENTENCES[code],)


def test_sentences_follow_the_codes_in_order():
    effect = with_codes(assumptions=("completed_only", "counted_referrals"), warnings=("no_headline", "provisional"))
    assert assumption_texts(StubView(), evaluation(effect)) == (ASSUMPTION_SENTENCES["completed_only"],
                                                                ASSUMPTION_SENTENCES["counted_referrals"])
    assert warning_texts(StubView(), evaluation(effect))[1] == WARNING_SENTENCES["provisional"]


def test_variants_singular_plural_and_missing_parts():
    effect = with_codes(assumptions=("covariates_absorbed", "municipality_trends", "assumed_probability"),
                        warnings=("few_treated", "rows_excluded", "intention_incomplete", "few_practices"))
    effect.practice = practice(absorbed_covariates=("a_b", "c"), treated_practices=1, ci_method="cluster_robust")
    effect.municipality = municipality(excluded_rows=1, comparison_kind="nation", outcome="rate")
    view = StubView(hidden=("effect.intention.known_share", "effect.practice.permutation_p"))
    a = assumption_texts(view, evaluation(effect, source=None, prange=None))
    assert a[0].startswith("De kenmerken 'a b' en 'c' veranderen niet binnen een praktijk.") and "ze staan daarom" in a[0]
    assert a[1] == ("Zonder POH was het aantal huisartsverwijzingen per 1.000 jeugdigen in de pilotgemeente op dezelfde "
                    "manier veranderd als bij Nederland (landelijke cijfers).")
    assert a[2] == "Aanname (geen meting): zonder POH was «effect.assumption.referral_probability» van de kinderen verwezen."
    w = warning_texts(view, evaluation(effect))
    assert w[0] == ("Slechts «effect.practice.treated_practices» praktijk kreeg een POH; één bijzondere praktijk kan de "
                    "uitkomst bepalen.")
    assert w[1] == "«effect.municipality.excluded_rows» rij met onderdrukte of lege cellen ('.') is weggelaten."
    assert w[2].startswith("De verwijsintentie is maar bij een deel van de afgeronde trajecten geregistreerd.")
    assert w[3] == "Met «effect.practice.practices» praktijken zijn clustergecorrigeerde intervallen onbetrouwbaar."


# --- verdict, headline, power ---------------------------------------------------------------------

def headline(level="cohort_intention", avoided=20.0, low=5.0, high=35.0, grade="zwak", method="intention"):
    return SimpleNamespace(level=level, method=method, evidence_grade=grade, avoided=avoided, avoided_ci_low=low,
                           avoided_ci_high=high)


def verdict_effect(h, completed=40, practice_=None, municipality_=None, agreement="niet_te_vergelijken",
                   disagreement=None, rejected=()):
    return SimpleNamespace(headline=h, cohort=SimpleNamespace(completed=completed), practice=practice_,
                           municipality=municipality_, agreement=LevelAgreement(agreement, "direction"),
                           disagreement=disagreement,
                           practice_rejected=rejected)


def test_verdict_for_a_cohort_headline():
    text = prose.verdict(StubView(), evaluation(verdict_effect(headline())))
    assert text == ("Vergeleken met wat de huisarts zonder POH van plan was zijn er in de pilotperiode naar schatting "
                    "«effect.headline.avoided» verwijzingen voorkomen (95%-interval «effect.headline.avoided_ci_low» tot "
                    "«effect.headline.avoided_ci_high»). De bewijskracht is zwak.")


def test_verdict_says_extra_referrals_without_the_minus_sign():
    class Negative(StubView):
        def text(self, name):
            return "-7" if name == "effect.headline.avoided" else super().text(name)
    text = prose.verdict(Negative(), evaluation(verdict_effect(headline(avoided=-7.0, low=-20.0, high=4.0))))
    assert "naar schatting 7 verwijzingen extra (95%-interval" in text
    assert text.endswith("Het interval omvat nul: het is niet uitgesloten dat de POH per saldo geen verwijzingen "
                         "voorkomt.")


def test_verdict_when_the_headline_or_its_interval_is_not_published():
    hidden_interval = StubView(hidden=("effect.headline.avoided_ci_low", "effect.headline.avoided_ci_high"))
    text = prose.verdict(hidden_interval, evaluation(verdict_effect(headline(low=-5.0))))
    assert "(95%-interval niet gepubliceerd: het zou aantallen onder 5 verraden)" in text
    assert "omvat nul" not in text  # a hidden interval is not described either
    hidden = StubView(hidden=("effect.headline.avoided",))
    assert prose.verdict(hidden, evaluation(verdict_effect(headline()))) == (
        "Vergeleken met wat de huisarts zonder POH van plan was is het aantal voorkomen verwijzingen in de "
        "pilotperiode niet gepubliceerd: het zou aantallen onder 5 verraden. De bewijskracht is zwak.")
    assert prose.headline_figure(hidden, verdict_effect(headline())) == "niet gepubliceerd (kleine aantallen)"


def test_verdict_without_estimate_or_completed_trajectories():
    none = prose.verdict(StubView(), evaluation(verdict_effect(headline(level="none", avoided=NAN))))
    assert none.startswith("Hoeveel verwijzingen de POH heeft voorkomen is niet te schatten: er is geen verwijsintentie "
                           "geregistreerd, geen aanname opgegeven en geen praktijkpanel.")
    empty = prose.verdict(StubView(), evaluation(verdict_effect(headline(), completed=0)))
    assert empty == ("Hoeveel verwijzingen de POH heeft voorkomen is nog niet te schatten: er zijn nog geen afgeronde "
                     "trajecten.")


@pytest.mark.parametrize("rejected,reason", [
    (("too_few_practices",), "omdat er te weinig praktijken (met POH) in het panel zitten."),
    (("pretrend_failed",), "omdat de toets op voortrends afwijkt."),
])
def test_verdict_names_why_the_practice_level_is_not_the_headline(rejected, reason):
    effect = verdict_effect(headline(), practice_=practice(), rejected=rejected)
    text = prose.verdict(StubView(), evaluation(effect))
    assert ("Het praktijkpanel («effect.practice.practices» praktijken, «effect.practice.treated_practices» met POH) "
            "geeft een daling van «effect.practice.change_size» in verwijzingen (95%-interval van "
            "«effect.practice.change_ci_low» tot «effect.practice.change_ci_high»); dat is niet als hoofdcijfer "
            "gebruikt, " + reason) in text
    no_interval = verdict_effect(headline(), practice_=practice(ci_low=NAN, ci_high=NAN, rate_ratio=1.2),
                                 rejected=rejected)
    assert "geeft een stijging van «effect.practice.change_size» in verwijzingen (zonder 95%-interval)" in \
        prose.verdict(StubView(), evaluation(no_interval))


def test_verdict_on_the_gemeente_level():
    m = municipality()
    effect = verdict_effect(headline(level="practice", method="poisson_fe"), municipality_=m, agreement="eens")
    text = prose.verdict(StubView(), evaluation(effect))
    assert text.startswith("Vergeleken met praktijken en perioden zonder POH zijn er")
    assert ("In de CBS-cijfers steeg het aandeel huisartsverwijzingen in Steenwijkerland van "
            "«effect.municipality.treated_pre» naar «effect.municipality.treated_post»; bij "
            "«effect.municipality.comparison_chosen» gekozen vergelijkingsgemeenten daalde het van "
            "«effect.municipality.comparison_pre» naar «effect.municipality.comparison_post».") in text
    assert text.endswith("Het gemeenteniveau wijst dezelfde kant op als de pilotcijfers.")
    weak = prose.verdict(StubView(), evaluation(verdict_effect(headline(level="practice", method="poisson_fe"),
                                                               municipality_=municipality(p_value=0.2),
                                                               agreement="eens")))
    assert weak.endswith("Dat past bij een POH die maar een deel van de kinderen in de gemeente bereikt.")


@pytest.mark.parametrize("code,start", [
    ("pilot_only", "De twee niveaus spreken elkaar tegen: binnen de pilot lijkt de POH verwijzingen te voorkomen"),
    ("municipality_only", "In de gemeentecijfers daalt het aandeel huisartsverwijzingen meer dan in de vergelijking"),
    ("neither", "De twee niveaus wijzen niet dezelfde kant op en geen van beide is op zichzelf overtuigend"),
    ("municipality_larger", "In de gemeentecijfers daalt het aandeel huisartsverwijzingen meer dan de pilot kan verklaren"),
    ("municipality_smaller", "In de gemeentecijfers is minder daling te zien dan de pilot doet verwachten"),
])
def test_verdict_explains_each_kind_of_disagreement(code, start):
    effect = verdict_effect(headline(), municipality_=municipality(), agreement="oneens", disagreement=code)
    text = prose.verdict(StubView(), evaluation(effect))
    assert start in text and text.endswith(prose.named(prose.DISAGREEMENT[code], "POH"))


def power(level="cohort", status="computed", months=12.3):
    return SimpleNamespace(level=level, status=status, additional_months=months)


@pytest.mark.parametrize("p,expected", [
    (power(), "Met «zeg cohort.completed» afgeronde trajecten is een afname vanaf ongeveer «effect.power.detectable» van "
              "de verwijzingen die er zonder POH waren geweest met 80% zekerheid aan te tonen. Voor «effect.power.target» "
              "is bij het huidige tempo nog ongeveer «effect.power.months_needed» maanden registratie nodig."),
    (power(months=0.0), "Met «zeg cohort.completed» afgeronde trajecten is een afname vanaf ongeveer "
                        "«effect.power.detectable» van de verwijzingen die er zonder POH waren geweest met 80% "
                        "zekerheid aan te tonen. Voor «effect.power.target» is het huidige aantal genoeg."),
    (power(level="practice"), "Met deze praktijkgegevens is een daling van de verwijzingen vanaf ongeveer "
                              "«effect.power.detectable» met 80% zekerheid aan te tonen. Voor een daling van "
                              "«effect.power.target» is naar schatting nog «effect.power.months_needed» maanden "
                              "registratie met POH nodig (bij hetzelfde aantal praktijken)."),
    (power(level="practice", months=0.0), "Met deze praktijkgegevens is een daling van de verwijzingen vanaf ongeveer "
                                          "«effect.power.detectable» met 80% zekerheid aan te tonen. Voor een daling van "
                                          "«effect.power.target» is de huidige registratie genoeg."),
    (power(level="none", status="no_basis"), "Zonder verwijsintentie, aanname of praktijkgegevens is geen "
                                             "onderscheidingsvermogen te berekenen."),
    (power(status="too_few_completed"), "Er zijn te weinig afgeronde trajecten om dit te berekenen."),
])
def test_power_sentence(p, expected):
    assert prose.power_sentence(StubView(), SimpleNamespace(power=p)) == expected


def test_power_sentence_when_not_published():
    view = StubView(hidden=("effect.power.detectable",))
    assert prose.power_sentence(view, SimpleNamespace(power=power())) == (
        "Hoe groot een afname moet zijn om die met 80% zekerheid aan te tonen, wordt niet gepubliceerd: het getal zou "
        "aantallen onder 5 verraden.")


def test_rule_and_method_words():
    assert prose.rule(StubView()).startswith(
        "Hoofdcijfer volgens vaste regel: (1) praktijkniveau als er gegevens zijn van minstens "
        "«effect.rule.min_practices» praktijken, waarvan minstens «effect.rule.min_treated» met POH")
    assert set(prose.HEADLINE_METHODS) == set(typing.get_args(results.HeadlineMethod))


def test_practice_and_gemeente_paragraphs():
    text = prose.practice_paragraph(StubView(), practice(), "OJG")
    assert text == ("In de perioden met OJG verwezen de pilotpraktijken «effect.practice.rate_ratio» keer zo vaak als "
                    "voorspeld zonder OJG (95%-interval «effect.practice.ci_low» tot «effect.practice.ci_high»; "
                    "«effect.practice.p_value»): «effect.practice.observed» verwijzingen tegen "
                    "«effect.practice.predicted» voorspeld. De voorspelling komt uit de praktijken en perioden zonder "
                    "OJG (praktijken die nog niet of nooit begonnen), gemeten over «effect.practice.practices» "
                    "praktijken, waarvan «effect.practice.treated_practices» met OJG, in «effect.practice.periods» "
                    "perioden. Het interval is berekend door steeds één praktijk weg te laten en opnieuw te rekenen "
                    "(jackknife): bij minder dan «effect.rule.small_sample_practices» praktijken, of minder dan "
                    "«effect.rule.small_sample_treated» met OJG, vallen gewone intervallen te smal uit.")
    robust = prose.practice_paragraph(StubView(), practice(ci_high=0.9, sensitivity="robust"), "OJG")
    assert robust.endswith(
        "Gevoeligheid: het effect valt pas binnen de marge van toeval als de pilotpraktijken zonder OJG elke periode "
        "«effect.practice.breakdown» anders waren gaan verwijzen dan de voorspelling; vóór de start week de trend van de "
        "pilotpraktijken «effect.practice.trend» per periode af van de vergelijking (95%-interval "
        "«effect.practice.trend_ci_low» tot «effect.practice.trend_ci_high»). Zo'n grote afwijking past niet bij de "
        "perioden vóór de start.")
    fragile = prose.practice_paragraph(StubView(), practice(ci_high=0.9, sensitivity="fragile"), "OJG")
    assert fragile.endswith("de conclusie hangt sterk af van de aanname van parallelle trends.")
    unknown = prose.practice_paragraph(StubView(), practice(ci_high=0.9, sensitivity="not_identified"), "OJG")
    assert unknown.endswith("te weinig perioden vóór de start in het panel.")
    few = prose.practice_paragraph(StubView(), practice(ci_low=NAN, ci_high=NAN), "OJG")
    assert "(met zo weinig praktijken is geen 95%-interval te berekenen)" in few
    plain = municipality(comparison_kind="all", registration_shifts=())
    assert prose.municipality_paragraph(StubView(), plain, "Tilburg") == (
        "Tilburg is vergeleken met alle andere gemeenten in het CBS-bestand, van 1e halfjaar 2015 tot 2e halfjaar 2019 "
        "(«effect.municipality.pre_periods» perioden vóór en «effect.municipality.post_periods» na de start).")
    shifted = prose.municipality_paragraph(StubView(), municipality(comparison_kind="all"), "Tilburg")
    assert shifted.endswith("na de start). Let op: rond de start veranderde de registratie van de verwijzer in de "
                            "CBS-cijfers van de gemeente; dat alleen al kan het gemeenteniveau verschuiven (zie ‘Let op "
                            "bij het lezen’).")
    size_aware = prose.municipality_paragraph(StubView(), municipality(comparison_kind="all", ci_method="size_aware_did",
                                                                           registration_shifts=()),
                                              "Tilburg")
    assert size_aware.endswith(
        "Het interval rekent met de schommelingen die elke gemeente ook zonder pilot heeft, geschat uit de "
        "vergelijkingsgemeenten; die worden bij een grote gemeente niet kleiner. Als tweede toets is Tilburg op "
        "dezelfde manier gerangschikt tussen alle vergelijkingsgemeenten (placebotoets, rekening houdend met hun "
        "grootte): «effect.municipality.permutation_p», tegen «effect.municipality.p_value» uit het interval.")
    assert prose.municipality_paragraph(StubView(), municipality(method="none"), "Tilburg").startswith(
        "Met deze CBS-cijfers is het effect op de hele gemeente niet te schatten")


def test_synthetic_twin_paragraph():
    twin = lambda p, gap=-0.02, placebos=24: municipality(  # noqa: E731
        synthetic=SimpleNamespace(p_value=p, placebos=placebos, gap=gap))
    assert prose.synthetic_paragraph(StubView(), municipality(synthetic=None), "Groningen") is None
    text = prose.synthetic_paragraph(StubView(), twin(1 / 25), "Groningen")
    name = "effect.municipality.synthetic"
    assert text == (
        "Daarnaast is Groningen vergeleken met een synthetische tweeling: een gewogen gemiddelde van "
        "vergelijkingsgemeenten, samengesteld zodat het aandeel huisartsverwijzingen vóór de start zo goed mogelijk "
        f"gelijk liep (afwijking vóór de start «{name}.rmspe_pre_points» procentpunt). Na de start lag het aandeel in "
        f"Groningen gemiddeld «{name}.gap_size_points» procentpunt lager dan bij de tweeling (odds ratio "
        f"«{name}.odds_ratio», naast «effect.municipality.estimate» met de hoofdmethode). Hetzelfde is gedaan voor "
        f"elk van de «{name}.placebos» vergelijkingsgemeenten, alsof de pilot daar liep: bij geen van hen wijkt de "
        f"gemeente na de start zo sterk af van haar tweeling (placebotoets: «{name}.p_value»).")
    assert "procentpunt hoger dan bij de tweeling" in prose.synthetic_paragraph(StubView(), twin(0.04, 0.1), "G")
    assert "bij weinig van hen wijkt" in prose.synthetic_paragraph(StubView(), twin(2 / 50, placebos=49), "G")
    assert ("even sterk of sterker af van haar tweeling, dus het verschil in G kan ook toeval zijn"
            in prose.synthetic_paragraph(StubView(), twin(0.4), "G"))


def test_calibration_sentence():
    effect = SimpleNamespace(calibration=results.Calibration(0.46, 0.16, 1.29, 126.0, 277.0))
    assert prose.calibration_sentence(StubView(), effect) == (
        "Het praktijkpanel meet «effect.calibration.ratio» keer zoveel voorkomen verwijzingen als de verwijsintentie van "
        "de huisarts doet verwachten (95%-interval «effect.calibration.ci_low» tot «effect.calibration.ci_high»); "
        "onder 1 zijn volgens de verwijsintentie meer verwijzingen voorkomen dan het panel meet, boven 1 minder.")
    no_interval = prose.calibration_sentence(StubView(hidden=("effect.calibration.ci_low",)), effect)
    assert "95%-interval" not in no_interval and no_interval.startswith("Het praktijkpanel meet")
    assert prose.calibration_sentence(StubView(hidden=("effect.calibration.ratio",)), effect) == ""
    assert prose.calibration_sentence(StubView(), SimpleNamespace(calibration=None)) == ""


def test_quality_note():
    point = SimpleNamespace(treated_unknown_referrer=NAN, treated_no_referrer=NAN, comparison_unknown_referrer=NAN,
                            comparison_no_referrer=NAN)
    m = municipality(quality=(point,), suppressed_cells=1, excluded_rows=3)
    assert prose.quality_note(StubView(), m) == (
        "Het CBS-bestand bevat geen aantallen 'verwijzer onbekend' of 'geen verwijzer'; de registratiekwaliteit is "
        "daarom niet te beoordelen. «effect.municipality.suppressed_cells» onderdrukte cel; "
        "«effect.municipality.excluded_rows» rijen weggelaten.")


@pytest.mark.parametrize("term,label", [
    (EventStudyTerm(-1, "none", 1.0, 0.9, 1.1), "\u22121"),
    (EventStudyTerm(3, "later", 1.1, 0.9, 1.3), "+3 of later"),
    (EventStudyTerm(2, "none", 1.1, 0.9, 1.3), "+2"),
    (EventStudyTerm(0, "none", 1.1, 0.9, 1.3), "0"),
])
def test_event_study_labels(term, label):
    assert event_label(term) == label


# --- the registration shift: which measure, which way, and without a comparison --------------------------------

def shift_text(*shifts, hidden=(), **fields) -> str:
    effect = with_codes(warnings=("registration_shift",))
    effect.municipality = municipality(registration_shifts=shifts, **fields)
    return warning_texts(StubView(hidden=hidden), evaluation(effect))[0]


def test_registration_shift_upward_says_the_gemeente_may_show_an_effect_that_is_not_there():
    up = shift("verwijzer_onbekend", 0.08, first_period_after="2017HJ01", last_period_after="2017HJ01")
    text = shift_text(up, comparison_kind="all", outcome="rate")
    key = "«effect.municipality.registration_shift.verwijzer_onbekend"
    assert (f"Het aandeel trajecten met ‘verwijzer onbekend’ was in Steenwijkerland gemiddeld {key}.treated_before» "
            f"vóór de start (1e halfjaar 2015 tot en met 2e halfjaar 2016) en {key}.treated_after» erna "
            "(1e halfjaar 2017); bij alle andere gemeenten in het CBS-bestand ging het") in text
    assert ("dus meer trajecten zonder (bekende) verwijzer. Zitten daar verwijzingen van de huisarts tussen, dan daalt "
            "het aantal huisartsverwijzingen per 1.000 jeugdigen zonder dat huisartsen minder verwezen, en kunnen de "
            "gemeentecijfers een effect van de POH laten zien dat er niet is.") in text


def test_registration_shift_of_both_measures_in_opposite_directions():
    text = shift_text(shift(), shift("verwijzer_onbekend", 0.07))
    assert "‘geen verwijzer’" in text and "‘verwijzer onbekend’" in text
    assert ("Zo'n verschuiving in de registratie kan het aandeel huisartsverwijzingen veranderen zonder dat huisartsen "
            "anders verwezen. Lees de uitkomst op gemeenteniveau daarom voorzichtig.") in text


def test_registration_shift_without_comparison_figures():
    no_comparison = shift(comparison_before=NAN, comparison_after=NAN)
    hidden = ("effect.municipality.registration_shift.geen_verwijzer.comparison_before",
              "effect.municipality.registration_shift.geen_verwijzer.comparison_after")
    text = shift_text(no_comparison, hidden=hidden)
    assert "erna (1e halfjaar 2017 tot en met 1e halfjaar 2018); voor de vergelijking ontbreekt dit cijfer." in text


def test_sensitivity_when_the_interval_barely_excludes_no_effect():
    text = prose.practice_paragraph(StubView(), practice(ci_high=0.999, sensitivity="fragile", breakdown_trend=0.9998),
                                    "OJG")
    assert "de kleinste afwijking van parallelle trends doet het effect binnen de marge van toeval vallen" in text
    assert "«effect.practice.breakdown»" not in text
