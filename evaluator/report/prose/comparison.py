"""Sentences and the traits table of the comparison report, from published figures only.

``pooled_sentence(view, measure, pooled)``: the pooled estimate with its confidence and prediction
interval; above I² = 75% the prediction interval comes first and the sentence says that there is no
"typical" pilot; with fewer than three pilots why there is no pooled figure.
``traits_table(view, comparison)``: the meta-regression per trait (factor per step, interval,
p-value, pilots) and ``TRAITS_WARNING``, the caveat that goes with it.
"""

from __future__ import annotations

from evaluator.compare import Comparison, PooledEstimate
from evaluator.compare.pooling import HIGH_I2
from evaluator.report.tables.base import Table, make_table
from evaluator.report.view import PilotView
from evaluator.vocabulary import BACKGROUND_LABELS, label

MEASURES = {"share_no_referral": "Aandeel zonder verwijzing", "rate_ratio": "Verwijzingen per praktijk (rate ratio)"}
OUTCOMES = {"share_no_referral": "Zonder verwijzing (odds)", "rate_ratio": "Verwijzingen per praktijk"}
EXCLUSIONS = {
    "no_completed": "geen afgeronde trajecten",
    "too_few_practices": "te weinig praktijken",
    "pretrend_failed": "voortrends wijken af",
    "no_interval": "geen interval te berekenen",
}
TRAITS_WARNING = (
    "Let op: met zo weinig pilots en zoveel punten waarop ze verschillen, vindt u al snel een verband dat op "
    "toeval berust, of op iets anders dat met het kenmerk samenhangt (de gemeente, de doelgroep, de manier van "
    "registreren). Elk kenmerk is apart bekeken. Lees deze uitkomsten als aanwijzing om verder uit te zoeken, niet "
    "als bewijs dat een opzet beter werkt.")


def pooled_sentence(view: PilotView, measure: str, pooled: PooledEstimate) -> str:
    p = f"pooled.{measure}"
    if not pooled.pooled:
        if pooled.k == 0:
            return "Geen enkele pilot heeft hiervoor een bruikbaar cijfer; er is geen gepoold cijfer."
        who = "pilot heeft" if pooled.k == 1 else "pilots hebben"
        return (f"Geen gepoold cijfer: maar {view.text(p + '.pilots')} {who} een bruikbaar cijfer. Met minder dan "
                "drie pilots is niet te schatten hoeveel pilots onderling verschillen, en dan zegt een gemiddelde "
                "niets over wat een volgende pilot haalt.")
    if not view.shown(f"{p}.estimate", f"{p}.pi_low", f"{p}.pi_high"):
        return ("Het gepoolde cijfer staat hier niet, omdat niet elke pilot de aantallen publiceert waarop het "
                "rust.")
    pilots = view.text(f"{p}.pilots")
    average = f"{view.text(f'{p}.estimate')} (95%-interval {view.interval(f'{p}.ci_low', f'{p}.ci_high')})"
    new_pilot = f"tussen {view.text(f'{p}.pi_low')} en {view.text(f'{p}.pi_high')} (95%-voorspellingsinterval)"
    spread = f"I² = {view.text(f'{p}.i2')}" + (f", {view.text(f'{p}.p')}" if view.shown(f"{p}.p") else "")
    if pooled.i2 > HIGH_I2:
        return (f"De {pilots} pilots verschillen zo sterk ({spread}) dat er geen 'typische' pilot is. Een nieuwe "
                f"pilot komt naar verwachting uit {new_pilot}. Het gewogen gemiddelde, {average}, beschrijft "
                "daarom geen enkele pilot goed: kijk naar de pilots afzonderlijk en naar wat hen onderscheidt.")
    return (f"Over {pilots} pilots gemiddeld {average}; een gewogen gemiddelde dat rekening houdt met verschillen "
            f"tussen de pilots. Een nieuwe pilot komt naar verwachting uit {new_pilot}. Hoeveel de pilots meer "
            f"verschillen dan door toeval: {spread}.")


def traits_table(view: PilotView, comparison: Comparison) -> Table | None:
    """One row per tested trait and outcome; None when no trait could be tested."""
    rows = []
    for measure in ("share_no_referral", "rate_ratio"):
        for name in getattr(comparison.meta_regression, measure):
            prefix = f"metaregressie.{measure}.{name}"
            if not view.shown(f"{prefix}.coefficient"):
                continue
            rows.append([trait_label(view, name), OUTCOMES[measure], view.text(f"{prefix}.coefficient"),
                         view.interval(f"{prefix}.ci_low", f"{prefix}.ci_high"), view.text(f"{prefix}.p"),
                         view.text(f"{prefix}.k")])
    if not rows:
        return None
    note = ("Factor per stap van het kenmerk: boven 1 gaat het kenmerk samen met meer (bij het aandeel zonder "
            "verwijzing: een grotere kans, als odds), onder 1 met minder. Een interval dat 1 bevat, laat beide "
            "richtingen open.")
    return make_table("kenmerken", "Kenmerken van de opzet en de uitkomsten (meta-regressie, één kenmerk per keer)",
                      ("Kenmerk (stap)", "Uitkomst", "Factor per stap", "95%-interval", "p-waarde", "Pilots"), rows,
                      note, numeric=(False, False, True, True, True, True))


def traits_absent(view: PilotView) -> str:
    return (f"Geen kenmerk van de opzet is onderzocht: daarvoor zijn minstens {view.text('metaregressie.min_pilots')} "
            "pilots nodig die op dat kenmerk verschillen.")


def trait_label(view: PilotView, name: str) -> str:
    path, _, level = name.partition("=")
    labels = {
        "professional.uren_per_week": "Uren per week van de professional (per uur)",
        "professional.fte": "Formatie van de professional (per fte)",
        "praktijken.aantal": "Aantal praktijken (per praktijk)",
        "praktijken.dekking_huisartsen": f"Dekking van de huisartsen (per {view.text('metaregressie.coverage_step')} "
                                         "procentpunt)",
        "professional.uren_in_wijkteam": "Uren in het wijkteam (wel tegenover niet)",
        "professional.achtergrond": f"Achtergrond {label(level, BACKGROUND_LABELS)} (tegenover een andere)",
    }
    return labels[path]


def exclusion_label(reason: str) -> str:
    return EXCLUSIONS[reason]
