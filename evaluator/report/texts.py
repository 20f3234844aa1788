"""Fixed Dutch texts of the report: chapter summaries, definitions, glossary, methods.

Kept in Python, not in templates, so that all reader-facing text has one home and a
gemeente that overrides a template does not lose it.
"""

from __future__ import annotations

DEFINITIONS: tuple[tuple[str, str], ...] = (
    ("Traject", "De begeleiding van één kind of jongere (met ouders) door de {poh}, vanaf de overdracht door de huisarts "
                "tot de afsluiting."),
    ("Gesprek", "Een contact van de {poh} met het kind en/of de ouders binnen een traject."),
    ("Afgerond", "Het traject is afgesloten met een bekende uitkomst: geen verwijzing nodig, of een verwijzing naar een "
                 "bestemming."),
    ("Verwijzing", "Een doorverwijzing naar jeugd-GGZ, jeugdhulp, het wijkteam of een andere voorziening bij de "
                   "afsluiting van het traject. Een vrij toegankelijke voorziening telt niet als verwijzing."),
    ("Voorkomen verwijzing", "Een verwijzing die er zonder {poh} wél was geweest. Dat is altijd een schatting: we vergelijken "
                             "met wat de huisarts van plan was, met praktijken zonder {poh}, of met een aanname."),
)

GLOSSARY: tuple[tuple[str, str], ...] = DEFINITIONS + (
    ("95%-interval", "De marge rond een schatting. Bij herhaling van het onderzoek ligt de werkelijke waarde in 95 van "
                     "de 100 keer binnen deze marge. Hoe minder gegevens, hoe breder het interval."),
    ("Bewijskracht", "Hoe sterk een conclusie wordt gedragen door de gegevens en de methode: sterk, matig of zwak."),
    ("Verhouding (rate ratio, odds ratio)", "Het aantal of de kans op verwijzing met {poh} gedeeld door dat zonder {poh}. "
                                            "Onder 1: minder verwijzingen; 1: geen verschil; boven 1: meer."),
    ("Verschil-in-verschillen", "Vergelijkt de verandering na de start in de pilot met de verandering in dezelfde periode "
                                "bij een vergelijkingsgroep. Zo vallen landelijke trends weg."),
    ("Voortrends", "Het verloop vóór de start. Liepen pilot en vergelijking toen al uiteen, dan is een verschil na de "
                   "start niet zeker aan de {poh} toe te schrijven."),
    ("Geïnduceerde vraag", "Kinderen die alleen hulp zoeken omdat de {poh} er is; zonder {poh} waren ze niet verwezen."),
    ("Bruto en netto besparing", "Bruto: zorgkosten die niet nodig waren. Netto: bruto min de kosten van de {poh}."),
    ("Break-even", "Het punt waarop besparing en kosten gelijk zijn."),
    ("Monte-Carlo-analyse", "Duizenden keren doorrekenen met steeds andere, plausibele waarden van de invoer; de "
                            "spreiding van de uitkomsten laat de onzekerheid zien."),
)

ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("CBS", "Centraal Bureau voor de Statistiek"),
    ("GGZ", "Geestelijke gezondheidszorg"),
    ("LVB", "Licht verstandelijke beperking"),
    ("OJG", "Ondersteuner Jeugd en Gezin"),
    ("POH", "Praktijkondersteuner huisarts (hier: voor jeugd)"),
    ("SOH", "Specialistisch ondersteuner huisarts"),
    ("Wmo", "Wet maatschappelijke ondersteuning"),
    ("Zvw", "Zorgverzekeringswet"),
)

METHODS: tuple[tuple[str, str], ...] = (
    ("Beschrijvende cijfers", "Aandelen krijgen een 95%-interval volgens Wilson, ook per bestemming en per klasse "
                              "van het aantal gesprekken. Gemiddelden hebben een interval op basis van de "
                              "t-verdeling, de mediaan een verdelingsvrij interval."),
    ("Lopende trajecten", "Zolang er trajecten lopen, zijn de afgeronde trajecten geen eerlijke afspiegeling: een "
                          "verwijzing rondt een traject vaak sneller af dan hulp in de praktijk. Daarom schatten we "
                          "ook welk deel van de trajecten binnen een half jaar na de start eindigt met hulp in de "
                          "praktijk, met een verwijzing of met uitval, waarbij een lopend traject meetelt tot de "
                          "laatste datum in de registratie (de Aalen-Johansen-schatter). Dat veronderstelt dat lopende "
                          "trajecten niet anders aflopen dan trajecten die even lang liepen en al zijn afgerond. Loopt "
                          "de registratie nog te kort, dan kijken we minder ver vooruit."),
    ("Effect op het niveau van trajecten", "Met de verwijsintentie van de huisarts vergelijken we per kind wat de huisarts "
                                           "zonder {poh} van plan was met wat er werkelijk gebeurde. Zonder intentie "
                                           "gebruiken we een aangenomen verwijskans uit het pilotbestand; dat is een "
                                           "aanname, geen meting."),
    ("Effect op het niveau van praktijken", "Een Poissonregressie met vaste effecten voor praktijk en periode leert uit "
                                            "de praktijken en perioden zonder {poh} (nog niet of nooit gestart) hoeveel "
                                            "verwijzingen per ingeschreven jeugdige te verwachten zijn, en voorspelt dat "
                                            "voor elke periode met {poh}. Het effect is de verhouding tussen de "
                                            "werkelijke en de voorspelde verwijzingen; zo worden latere starters nooit "
                                            "met eerdere vergeleken. Bij weinig praktijken komt het interval uit "
                                            "een jackknife (steeds één praktijk weglaten), anders uit een "
                                            "clustergecorrigeerde standaardfout. Een event-study en een permutatietoets "
                                            "op voortrends controleren de aanname van parallelle trends; een "
                                            "gevoeligheidsanalyse zegt hoe groot een afwijkende trend moet zijn om de "
                                            "conclusie te laten omslaan."),
    ("Effect op het niveau van de gemeente", "Met CBS-cijfers (Beleidsinformatie Jeugd) vergelijken we het aandeel "
                                             "huisartsverwijzingen in de gemeente vóór en na de start met "
                                             "vergelijkingsgemeenten (verschil-in-verschillen), of, zonder vergelijking, "
                                             "met de eigen trend (onderbroken tijdreeks)."),
    ("Kosten en baten", "Kosten zijn personeel, overhead, overige en eenmalige kosten. Besparing is het verschil tussen "
                        "de zorgkosten van de verwachte verwijzingen zonder {poh} en die van de werkelijke verwijzingen, "
                        "tegen gemiddelde tarieven per bestemming. De onzekerheid is doorgerekend met een "
                        "Monte-Carlo-analyse over effect, aannames, kosten en tarieven; de tornado laat zien welke invoer "
                        "het meest uitmaakt."),
    ("Bewijskracht", "Sterk: vergelijking met veel praktijken zonder {poh} en geslaagde controles. Matig: een vergelijking "
                     "met beperkte aantallen, of de verwijsintentie bij bijna alle trajecten. Zwak: een aanname of weinig "
                     "gegevens. Een conclusie krijgt nooit meer bewijskracht dan de schatting waarop zij rust, en een "
                     "stap minder als pilot- en gemeentecijfers elkaar tegenspreken."),
)

SUMMARIES: dict[str, str] = {
    "samenvatting": "de kern op één pagina, met kerncijfers en besluitpunten",
    "inleiding": "aanleiding, doel en onderzoeksvragen",
    "pilot": "de opzet van de pilot en een profiel",
    "aanpak": "gegevens en beperkingen; begrippen en methoden staan in de bijlagen",
    "bereik": "hoeveel kinderen, met welke vragen, en hoeveel gesprekken",
    "uitkomsten": "hoe trajecten eindigden, per praktijk, en de tevredenheid",
    "effect": "hoeveel verwijzingen de pilot voorkwam, op drie niveaus",
    "kosten": "wat de pilot kost en bespaart, voor wie, en hoe zeker dat is",
    "ervaringen": "wat huisartsen, ouders, professionals en anderen zeggen",
    "factoren": "wat helpt en wat de pilot bedreigt",
    "afspraken": "welke afspraken zijn vastgelegd",
    "conclusies": "genummerde conclusies met bewijskracht, en antwoorden op de onderzoeksvragen",
    "aanbevelingen": "aanbevelingen van de gemeente en uit de cijfers",
}


def suppression_rule(threshold: str) -> str:
    """The rule for small numbers, for the methods appendix; ``threshold`` as published ('5')."""
    return (
        f"Om te voorkomen dat een kind herkenbaar wordt, tonen we aantallen kleiner dan {threshold} (ook 0) als "
        f"'<{threshold}'. Alle cijfers van de evaluatie samen (aantallen, aandelen, gemiddelden, bedragen, "
        "figuren en de cijfers in de tekst) zijn gecontroleerd: als een klein aantal daaruit nog precies uit te "
        "rekenen is, publiceren we een cijfer grover. Een bedrag is dan afgerond (op honderden of duizenden euro's), "
        "een aandeel staat er als 'meer dan 95%' of 'ongeveer 50%', een interval ontbreekt, of een aantal staat "
        "er als 'x'. Gemiddelden en intervallen over minder dan "
        f"{threshold} kinderen staan er niet. Vrije tekst (zoals een hulpvraag) is alleen een eigen categorie als "
        f"minstens {threshold} kinderen dezelfde hebben. Het rapport noemt geen individuele trajecten. Het bestand "
        "resultaten.json bevat de exacte cijfers; het is alleen voor intern gebruik en mag niet worden gepubliceerd."
    )
