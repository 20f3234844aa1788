"""Recognise names of persons in text, with the packaged list of common Dutch names.

``person_name_values(values, lone_first_names)`` returns the values of a Series of distinct texts that
hold a person's name: a known first name followed by a known surname ("sanne jansen", "Daan de Vries"),
by a capitalised word ("Sanne Oosterhuis wordt gepest") or by an initial ("Sanne J."), or a surname,
a comma and a first name ("Jansen, Sanne"). With ``lone_first_names`` a cell that is nothing but a
first name counts too (for free-text columns only: in a category column it is a typing error).
``is_lone_name(text)`` is true for a value that is just a first name or surname.

A polars regex finds the values with a first-name word in them and cuts out the window around each
first name; a small tokeniser decides once per distinct window. The names are in
``evaluator/data/person_names.yaml`` (sources there).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import polars as pl
import yaml

# Words between a first name and the rest of a surname (Daan van der Berg, Amira el Idrissi).
PARTICLES = frozenset({"van", "de", "der", "den", "het", "t", "ter", "ten", "te", "in", "op", "el", "al", "la", "le",
                       "da", "du", "dos", "von", "vd", "'", "’"})
SAINTS = frozenset({"sint", "st", "sancta", "heilige"})  # "Sint Lucas Andreas": a hospital, not a person

# Capitalised words that follow a first name without making it a person's name: sentence starts in
# title-cased text, help-question categories, family words, institutions ("Emma Kinderziekenhuis").
NOT_SURNAMES = frozenset("""
    de het een en of maar want dus als dan toen omdat is was wordt werd heeft had heb kan kon wil
    moet mag zal zou gaat ging komt kwam zegt zei voelt vindt krijgt doet met bij op in naar van voor
    door over uit aan om tot na sinds zonder tegen ook nog niet wel al zo er hier daar die dat dit deze
    zijn haar hij zij ze we wij ik je jij u hun hem ons onze mijn jouw uw wie wat waar hoe waarom
    angst angsten somberheid depressie gedrag gedragsproblemen school trauma ontwikkeling overig overige
    opvoeding opvoedvragen rouw stress pesten gepest slaap slapen eten thuis gezin ouders ouder moeder
    vader broer broertje zus zusje oma opa kind kinderen jeugd jongere huisarts poh wijkteam jeugdhulp
    ggz adhd add autisme ass zelfbeeld boosheid verdriet zorgen piekeren paniek dwang eetproblemen
    middelengebruik relatie vriendschap vrienden echtscheiding scheiding hechting concentratie klachten
    hulpvraag verwijzing verwezen gesprek gesprekken traject afgerond lopend uitgevallen advies
    januari februari maart april mei juni juli augustus september oktober november december
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
    medisch medische centrum kinderziekenhuis ziekenhuis kliniek stichting instituut college lyceum
    basisschool praktijk huisartsenpraktijk gezondheidscentrum jeugdzorg zorg opvang kinderopvang
""".split())
INSTITUTION_ENDINGS = ("ziekenhuis", "gasthuis", "buurthuis", "wijkhuis", "kliniek", "centrum", "school", "college",
                       "lyceum", "stichting", "praktijk", "instituut", "academie", "zorg", "opvang", "straat", "laan",
                       "plein")  # not "huis" or "weg": Oosterhuis, Nijhuis and Hogeweg are surnames
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+|[^\w\s]")


@dataclass(frozen=True)
class NameLists:
    """The packaged names, lower case. Surnames keep their particles: "de vries", "van den berg"."""

    first: frozenset[str]
    first_also_word: frozenset[str]  # Roos, Max: only before a known surname
    surnames: frozenset[str]
    surnames_also_word: frozenset[str]  # Groen, Post: only when written with a capital

    @property
    def all_first(self) -> frozenset[str]:
        return self.first | self.first_also_word


@lru_cache(maxsize=1)
def name_lists() -> NameLists:
    text = resources.files("evaluator").joinpath("data/person_names.yaml").read_text(encoding="utf-8")
    raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    lower = {key: frozenset(str(name).lower() for name in raw[key]) for key in raw}
    return NameLists(lower["voornamen"], lower["voornamen_ook_woord"], lower["achternamen"],
                     lower["achternamen_ook_woord"])


@lru_cache(maxsize=1)
def first_name_word() -> str:
    """A polars (Rust) regex for any known first name as a whole word, in any case."""
    return r"(?i)(?:^|[^\p{L}])(?:" + _first_names_alternation() + r")(?:[^\p{L}]|$)"


@lru_cache(maxsize=1)
def name_window() -> str:
    """A polars regex for a first name with what decides about it: the next word (after particles), a
    saint's title before it, or a surname and comma before it ("Jansen, Sanne")."""
    word = r"\p{L}[\p{L}'’-]*"
    particles = "|".join(sorted(p for p in PARTICLES if p.isalpha()))
    before = rf"(?:(?:sint|st|sancta|heilige)\.?\s+|(?:{word}\s+){{0,2}}{word},\s*)?"
    after = rf"(?:[^\p{{L}}\d]{{1,3}}(?:(?:{particles})\s+){{0,3}}{word}\.?)?"
    return rf"(?i)(?:^|[^\p{{L}}]){before}(?:{_first_names_alternation()}){after}(?:[^\p{{L}}]|$)"


def _first_names_alternation() -> str:
    return "|".join(re.escape(n) for n in sorted(name_lists().all_first, key=len, reverse=True))


def person_name_values(values: pl.Series, lone_first_names: bool = False) -> pl.Series:
    """The values (of a Series of distinct texts) that hold a person's name.

    Python decides on each distinct window around a first name (few, even in a million free texts);
    a value is read whole only when a window ends in another first name ("Sanne, Daan Jansen").
    """
    candidates = values.filter(values.str.contains(first_name_word()))
    if candidates.len() == 0:
        return candidates
    windows = pl.DataFrame({"value": candidates, "window": candidates.str.extract_all(name_window())})
    windows = windows.explode("window").drop_nulls("window")
    decided = {w: _window_decision(w) for w in windows["window"].unique().to_list()}
    undecided = set(windows.filter(pl.col("window").replace_strict(decided, default=None).is_null())["value"])
    named = set(windows.filter(pl.col("window").replace_strict(decided, default=False))["value"])
    named |= {v for v in undecided if holds_person_name(v)}
    if lone_first_names:
        lone = candidates.str.strip_chars(" .,;:").str.to_lowercase().is_in(list(name_lists().first))
        named |= set(candidates.filter(lone))
    return candidates.filter(candidates.is_in(list(named)))


def _window_decision(window: str) -> bool | None:
    """True: a name. False: none. None: the window ends in a first name, so read the whole value."""
    if holds_person_name(window):
        return True
    words = [t.lower() for t in _TOKEN.findall(window) if t[0].isalpha()]
    return None if len(words) > 1 and words[-1] in name_lists().all_first else False


def holds_person_name(text: str, lone_first_names: bool = False) -> bool:
    """True when ``text`` holds a first name with a surname, capitalised word or initial after it."""
    names = name_lists()
    tokens = _TOKEN.findall(text)
    words = [t.lower() for t in tokens]
    if lone_first_names and len(words) == 1 and words[0] in names.first:
        return True
    for i, word in enumerate(words):
        if word == "," and _surname_before(tokens, i) and i + 1 < len(words) and words[i + 1] in names.all_first:
            return True  # Jansen, Sanne
        if word not in names.all_first or (i and words[i - 1] in SAINTS):
            continue
        if _surname_after(tokens, i + 1):
            return True
        if word in names.first and tokens[i][0].isupper() and _capitalised_word_after(tokens, i + 1):
            return True
    return False


def is_lone_name(text: str) -> bool:
    """True when the whole value is one known first name or surname (never a word like Roos or Groen)."""
    value = " ".join(_TOKEN.findall(text)).lower()
    names = name_lists()
    return value in names.first or value in names.surnames


def _surname_after(tokens: list[str], start: int) -> bool:
    """A known surname starts at ``start``, with or without particles (Jansen, de Vries, van den Berg)."""
    names = name_lists()
    end = start
    while end < len(tokens) and tokens[end].lower() in PARTICLES:
        end += 1
    if end >= len(tokens):
        return False
    last = tokens[end]
    for stop in (end + 1, end + 2):  # "El Amrani": a particle the list keeps as part of the name
        key = " ".join(t.lower() for t in tokens[start:stop] if t not in ("'", "’"))
        if key in names.surnames or (key in names.surnames_also_word and last[0].isupper()):
            return True
    return False


def _surname_before(tokens: list[str], comma: int) -> bool:
    names = name_lists()
    for start in range(max(0, comma - 4), comma):
        key = " ".join(t.lower() for t in tokens[start:comma])
        if key in names.surnames or (key in names.surnames_also_word and tokens[comma - 1][0].isupper()):
            return True
    return False


def _capitalised_word_after(tokens: list[str], start: int) -> bool:
    """The next word (after particles) looks like a surname: a capital then small letters, or an initial."""
    end = start
    while end < len(tokens) and tokens[end].lower() in PARTICLES:
        end += 1
    if end >= len(tokens):
        return False
    word = tokens[end]
    if len(word) == 1 and word.isupper() and end + 1 < len(tokens) and tokens[end + 1] == ".":
        return True  # Sanne J.
    if not (len(word) > 1 and word[0].isupper() and word[1].islower()):
        return False
    lower = word.lower()
    return lower not in NOT_SURNAMES and not lower.endswith(INSTITUTION_ENDINGS)
