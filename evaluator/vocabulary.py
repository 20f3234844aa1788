"""The codes of the evaluator and the rules that belong to them, with their Dutch labels.

One home for what a destination, a counted referral, a status, a level, a grade or a savings
basis is. Stages use the codes (``Literal`` types); the report turns them into words with
``label``. Nothing here depends on the data.
"""

from __future__ import annotations

from typing import Literal

# --- Registration codes ------------------------------------------------------------------------
DESTINATIONS: tuple[str, ...] = (
    "geen", "specialistische_ggz", "basis_ggz", "wijkteam", "jeugdhulp_lvb", "vrij_toegankelijk", "overig",
)
REFERRAL_DESTINATIONS: tuple[str, ...] = DESTINATIONS[1:]
# A "verwijzing" in the effect and the money: every referral destination except a free-access
# service, which needs no referral and costs the Jeugdwet no trajectory.
COUNTED_DESTINATIONS: tuple[str, ...] = tuple(d for d in REFERRAL_DESTINATIONS if d != "vrij_toegankelijk")
LIGHTER_THAN_SPECIALIST: tuple[str, ...] = ("basis_ggz", "wijkteam", "vrij_toegankelijk")
# The GP's intention against the actual outcome in three classes, so that the core question can be published
# for a pilot where single destinations would give small cells away.
CARE_CLASSES: dict[str, tuple[str, ...]] = {
    "geen": ("geen",),
    "licht": LIGHTER_THAN_SPECIALIST,
    "zwaar": ("specialistische_ggz", "jeugdhulp_lvb", "overig"),
}
CARE_CLASS_LABELS = {"geen": "Geen verwijzing", "licht": "Lichtere zorg (basis-GGZ, wijkteam, vrij toegankelijk)",
                     "zwaar": "Zwaardere zorg (specialistische GGZ, LVB, overig)"}
STATUSES: tuple[str, ...] = ("afgerond", "lopend", "uitgevallen")
GENDERS: tuple[str, ...] = ("j", "m", "x", "onbekend")
GOALS: tuple[str, ...] = ("ja", "deels", "nee")
# Intention of the GP: a destination, or unknown (left empty or 'onbekend').
UNKNOWN_INTENTION = "onbekend"
INTENTIONS: tuple[str, ...] = DESTINATIONS + (UNKNOWN_INTENTION,)
# Age groups decide who pays a referral; an unknown age counts as under 18.
AGE_GROUPS: tuple[str, ...] = ("jeugd", "volwassen")
AGE_BANDS: tuple[tuple[str, int, int], ...] = (("0-3", 0, 3), ("4-11", 4, 11), ("12-17", 12, 17), ("18+", 18, 200))
UNKNOWN_AGE_BAND = "onbekend"
# Session buckets as published: Groningen (1 / 2-7 / >7) and Steenwijkerland (<=3 / 4-8 / >8).
SESSION_SCHEMES: dict[str, tuple[tuple[str, int, int], ...]] = {
    "groningen": (("1", 0, 1), ("2-7", 2, 7), (">7", 8, 10_000)),
    "steenwijkerland": (("<=3", 0, 3), ("4-8", 4, 8), (">8", 9, 10_000)),
}
# Help questions the registration template offers; other free text is a category only when it is common.
HELP_QUESTIONS: tuple[str, ...] = ("angst_stemming", "gedrag", "school", "opvoeding", "ontwikkeling", "trauma",
                                   "overig")
# Fallback split of referrals over destinations when a pilot referred nobody: Groningen OJG 2018-19.
GRONINGEN_SPLIT: dict[str, float] = {"specialistische_ggz": 20.0, "wijkteam": 12.0, "jeugdhulp_lvb": 5.0,
                                     "basis_ggz": 4.0}

# --- Result codes ------------------------------------------------------------------------------
Level = Literal["cohort_intention", "cohort_assumption", "practice", "municipality", "none"]
Grade = Literal["zwak", "matig", "sterk"]
Agreement = Literal["eens", "oneens", "niet_te_vergelijken"]
SavingsBasis = Literal["effect", "geen"]
CohortMethod = Literal["intention", "assumption", "none"]
MunicipalityMethod = Literal["did", "its", "none"]
Outcome = Literal["share", "rate"]
GRADES: tuple[str, ...] = ("zwak", "matig", "sterk")
# Besluitpunten: what kind of decision a point proposes, and what the evaluation says of it.
DecisionKind = Literal["voortzetten", "uitbreiden", "stoppen", "registratie", "anders"]
Judgement = Literal["gedragen", "voorwaardelijk", "niet_gedragen", "geen_oordeel"]


def lower_grade(grade: str, steps: int = 1) -> str:
    """The grade ``steps`` lower, never below 'zwak' (a disagreeing level costs one step)."""
    return GRADES[max(0, GRADES.index(grade) - steps)]


def weakest(*grades: str) -> str:
    """A claim is never graded higher than the weakest estimate it rests on."""
    return min(grades, key=GRADES.index)


# --- Dutch labels ------------------------------------------------------------------------------
DESTINATION_LABELS: dict[str, str] = {
    "geen": "Geen verwijzing (geholpen in de praktijk)",
    "specialistische_ggz": "Specialistische jeugd-GGZ",
    "basis_ggz": "Basis-GGZ (generalistisch)",
    "wijkteam": "Wijkteam / lokaal team",
    "jeugdhulp_lvb": "Jeugdhulp / LVB-aanbieder",
    "vrij_toegankelijk": "Vrij toegankelijke voorziening",
    "overig": "Overig",
    "onbekend": "Onbekend",
    "overige_verwijzingen": "Overige verwijzingen",
}
STATUS_LABELS = {"afgerond": "Afgerond", "lopend": "Lopend", "uitgevallen": "Uitgevallen"}
GENDER_LABELS = {"j": "Jongen", "m": "Meisje", "x": "Anders / X", "onbekend": "Onbekend"}
AGE_LABELS = {"0-3": "0 tot en met 3 jaar", "4-11": "4 tot en met 11 jaar", "12-17": "12 tot en met 17 jaar",
              "18+": "18 jaar en ouder"}
BACKGROUND_LABELS = {"ggz": "Jeugd-GGZ", "wijkteam": "Wijkteam / sociaal werk", "jgz": "Jeugdgezondheidszorg",
                     "anders": "Anders"}
SESSION_BUCKET_LABELS = {"1": "1 gesprek", "2-7": "2 tot en met 7 gesprekken", ">7": "meer dan 7 gesprekken",
                         "<=3": "hoogstens 3 gesprekken", "4-8": "4 tot en met 8 gesprekken",
                         ">8": "meer dan 8 gesprekken"}
HELP_QUESTION_LABELS = {"angst_stemming": "Angst en stemming", "gedrag": "Gedrag", "school": "School",
                        "opvoeding": "Opvoeding", "ontwikkeling": "Ontwikkeling", "trauma": "Trauma",
                        "overig": "Overig"}
SESSION_SCHEME_LABELS = {"groningen": "indeling Groningen", "steenwijkerland": "indeling Steenwijkerland"}
ROLE_LABELS = {"huisarts": "Huisartsen", "poh": "De professionals zelf", "ouder": "Ouders",
               "jeugdige": "Jeugdigen", "wijkteam": "Wijkteam", "gemeente": "Gemeente", "anders": "Anderen"}
QUOTE_ATTRIBUTION = {"huisarts": "huisarts", "poh": "professional", "ouder": "ouder", "jeugdige": "jeugdige",
                     "wijkteam": "medewerker wijkteam", "gemeente": "medewerker gemeente", "anders": "betrokkene"}
# Roles whose absence the report names as a limitation.
KEY_ROLES = ("huisarts", "ouder")
FACTOR_STATUS_LABELS = {"aanwezig": "Aanwezig", "deels": "Deels", "afwezig": "Afwezig", "onbekend": "Onbekend"}
AGREEMENT_STATUS_LABELS = {"vastgelegd": "Vastgelegd", "in ontwikkeling": "In ontwikkeling", "ontbreekt": "Ontbreekt"}
JUDGEMENT_LABELS: dict[str, str] = {"gedragen": "Gedragen door de evaluatie", "voorwaardelijk": "Voorwaardelijk",
                                    "niet_gedragen": "Niet gedragen door de evaluatie",
                                    "geen_oordeel": "Geen oordeel mogelijk"}
LEVEL_LABELS = {
    "cohort_intention": "Trajecten: verwijsintentie van de huisarts",
    "cohort_assumption": "Trajecten: aangenomen verwijskans",
    "practice": "Praktijken met en zonder de professional",
    "municipality": "Gemeente tegenover vergelijkingsgemeenten (CBS)",
    "none": "Geen schatting mogelijk",
}
# Fixed texts name the professional with this placeholder; ``named`` puts in the pilot's own title (OJG, ...).
PROFESSIONAL = "{poh}"


def named(text: str, professional: str) -> str:
    """``text`` with the pilot's own name for the professional in place of the placeholder."""
    return text.replace(PROFESSIONAL, professional)


# Destinations as they read inside a sentence ("naar de specialistische jeugd-GGZ").
DESTINATION_WORDS: dict[str, str] = {
    "geen": "geen verwijzing (geholpen in de praktijk)",
    "specialistische_ggz": "specialistische jeugd-GGZ",
    "basis_ggz": "basis-GGZ (generalistisch)",
    "wijkteam": "wijkteam / lokaal team",
    "jeugdhulp_lvb": "jeugdhulp / LVB",
    "vrij_toegankelijk": "vrij toegankelijke voorziening",
    "overig": "overige bestemming",
}


def label(code: str | None, table: dict[str, str] | None = None) -> str:
    """The Dutch label for a code; unknown codes shown readably (underscores as spaces)."""
    if code is None:
        return "Onbekend"
    for mapping in ([table] if table else []) + [DESTINATION_LABELS, STATUS_LABELS, GENDER_LABELS, AGE_LABELS,
                                                  SESSION_BUCKET_LABELS, BACKGROUND_LABELS, HELP_QUESTION_LABELS,
                                                  LEVEL_LABELS]:
        if code in mapping:
            return mapping[code]
    text = code.replace("_", " ")
    return text[:1].upper() + text[1:]


def listing(words: list[str]) -> str:
    """'a', 'a en b', 'a, b en c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " en " + words[-1] if words else ""
