"""Dutch labels for codes used in the registration, the pilot file and the results."""

from __future__ import annotations

DESTINATION_LABELS: dict[str, str] = {
    "geen": "Geen verwijzing (geholpen in de praktijk)",
    "specialistische_ggz": "Specialistische jeugd-GGZ",
    "basis_ggz": "Basis-GGZ (generalistisch)",
    "wijkteam": "Wijkteam / lokaal team",
    "jeugdhulp_lvb": "Jeugdhulp / LVB-aanbieder",
    "vrij_toegankelijk": "Vrij toegankelijke voorziening",
    "overig": "Overig",
    "onbekend": "Onbekend",
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
ROLE_LABELS = {"huisarts": "Huisartsen", "poh": "POH's (de professionals zelf)", "ouder": "Ouders",
               "jeugdige": "Jeugdigen", "wijkteam": "Wijkteam", "gemeente": "Gemeente", "anders": "Anderen"}
QUOTE_ATTRIBUTION = {"huisarts": "huisarts", "poh": "professional", "ouder": "ouder", "jeugdige": "jeugdige",
                     "wijkteam": "medewerker wijkteam", "gemeente": "medewerker gemeente", "anders": "betrokkene"}
# Roles whose absence the report names as a limitation.
KEY_ROLES = ("huisarts", "ouder")
FACTOR_STATUS_LABELS = {"aanwezig": "Aanwezig", "deels": "Deels", "afwezig": "Afwezig", "onbekend": "Onbekend"}
AGREEMENT_STATUS_LABELS = {"vastgelegd": "Vastgelegd", "in ontwikkeling": "In ontwikkeling", "ontbreekt": "Ontbreekt"}
GRADE_LABELS = {"sterk": "Sterk", "matig": "Matig", "zwak": "Zwak"}
LEVEL_LABELS = {
    "cohort_intention": "Trajecten: verwijsintentie van de huisarts",
    "cohort_assumption": "Trajecten: aangenomen verwijskans zonder POH",
    "practice": "Praktijken met en zonder POH",
    "municipality": "Gemeente tegenover vergelijkingsgemeenten (CBS)",
    "none": "Geen schatting mogelijk",
}


def label(code: str | None, table: dict[str, str] | None = None) -> str:
    """The Dutch label for a code; unknown codes shown readably (underscores as spaces)."""
    if code is None:
        return "Onbekend"
    for mapping in ([table] if table else []) + [DESTINATION_LABELS, STATUS_LABELS, GENDER_LABELS, AGE_LABELS,
                                                  SESSION_BUCKET_LABELS, BACKGROUND_LABELS, HELP_QUESTION_LABELS, LEVEL_LABELS]:
        if code in mapping:
            return mapping[code]
    text = code.replace("_", " ")
    return text[:1].upper() + text[1:]
