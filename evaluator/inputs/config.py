"""The pilot file: a YAML document validated once, at the edge, into frozen models.

``load_pilot(path)`` returns a ``PilotConfig``; nothing downstream re-checks types.
YAML keys are Dutch (what a beleidsmedewerker writes), attribute names English.
All paths in the file are resolved relative to the YAML file itself.
Errors are translated to Dutch by ``config_errors`` and name the key path and line.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from evaluator.inputs import report_files
from evaluator.inputs.config_errors import _line_of, translate_validation_error
from evaluator.inputs.pilot_yaml import parse_pilot_yaml, read_pilot_text
from evaluator.errors import ConfigError, display_path
from evaluator.vocabulary import DecisionKind

Destination = Literal[
    "specialistische_ggz", "basis_ggz", "wijkteam", "jeugdhulp_lvb", "vrij_toegankelijk", "overig"
]


MAX_TEXT_CHARS = 2_000  # one text field in the pilot file; a longer text belongs in an appendix
EARLIEST_YEAR, LATEST_YEAR = 1990, 2100  # a POH-jeugd pilot, its prices and its report lie in between
MAX_NUMBER = 1e12  # no amount, count or rate in a pilot file comes near this


def _sensible_date(value: dt.date | None) -> dt.date | None:
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"het jaartal {value.year} is niet aannemelijk; verwacht een jaar van {EARLIEST_YEAR} tot en "
                         f"met {LATEST_YEAR}")
    return value


SensibleDate = Annotated[dt.date, AfterValidator(_sensible_date)]


def _shown(number: float) -> str:
    """A number in a message: 1.000.000.000 rather than 1e+09 (Dutch thousands separator)."""
    if number == int(number) and abs(number) < 1e15:
        return f"{int(number):,}".replace(",", ".")
    return f"{number:g}"


class Model(BaseModel):
    """Base for every config model: frozen, unknown keys forbidden, Dutch aliases."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False,
                              str_max_length=MAX_TEXT_CHARS)


class Parameter(Model):
    """A number with optional uncertainty, for the business case and assumptions.

    In YAML either a plain number (``3950``) or a mapping
    ``{waarde: 0.7, bereik: [0.5, 0.9], verdeling: beta, bron: "...", jaar: 2024}``.
    """

    value: float = Field(alias="waarde")
    range: tuple[float, float] | None = Field(default=None, alias="bereik")
    distribution: Literal["beta", "gamma", "lognormaal", "uniform", "driehoek", "normaal"] | None = Field(
        default=None, alias="verdeling"
    )
    source: str | None = Field(default=None, alias="bron")
    year: int | None = Field(default=None, alias="jaar", ge=EARLIEST_YEAR, le=LATEST_YEAR)

    lowest: typing.ClassVar[float] = -MAX_NUMBER  # subclasses narrow the allowed values
    highest: typing.ClassVar[float] = MAX_NUMBER

    @model_validator(mode="before")
    @classmethod
    def _from_number(cls, data: Any) -> Any:
        if isinstance(data, (int, float, str)) and not isinstance(data, bool):
            return {"waarde": data}  # text such as '1e308' (YAML reads it as text) is then checked as a number
        return data

    @model_validator(mode="after")
    def _range_contains_value(self) -> "Parameter":
        for number in (self.value, *(self.range or ())):
            if not self.lowest <= number <= self.highest:
                raise ValueError(f"{_shown(number)} ligt buiten de toegestane waarden {_shown(self.lowest)} tot en met "
                                 f"{_shown(self.highest)}{self.unit_hint}")
        if self.range is not None:
            low, high = self.range
            if low > high:
                raise ValueError(f"bereik [{low:g}, {high:g}]: de ondergrens is groter dan de bovengrens")
            if not low <= self.value <= high:
                raise ValueError(f"waarde {self.value:g} ligt niet binnen het bereik [{low:g}, {high:g}]")
        if self.distribution in ("lognormaal", "gamma") and min(self.value, *(self.range or ())) <= 0:
            raise ValueError(f"een verdeling '{self.distribution}' kent alleen getallen groter dan 0; geef een "
                             "waarde en bereik boven 0, of kies verdeling: normaal")
        return self

    unit_hint: typing.ClassVar[str] = ""


class Amount(Parameter):
    """An amount of money in euros: never negative."""

    lowest: typing.ClassVar[float] = 0.0
    highest: typing.ClassVar[float] = 1e9
    unit_hint: typing.ClassVar[str] = " (een bedrag in euro's, niet negatief)"


class Hours(Parameter):
    """Hours per week of all POHs together: never negative."""

    lowest: typing.ClassVar[float] = 0.0
    highest: typing.ClassVar[float] = 10_000.0
    unit_hint: typing.ClassVar[str] = " (uren per week)"


class Percentage(Parameter):
    """A percentage (12.5 for 12.5%): never negative."""

    lowest: typing.ClassVar[float] = 0.0
    highest: typing.ClassVar[float] = 1_000.0
    unit_hint: typing.ClassVar[str] = " (een percentage, bijvoorbeeld 12.5)"


class PilotInfo(Model):
    name: str = Field(alias="naam", min_length=1)
    municipality: str = Field(alias="gemeente", min_length=1)
    municipality_code: str = Field(alias="gemeentecode", pattern=r"^GM\d{4}$")
    start: SensibleDate
    end: SensibleDate = Field(alias="einde")
    reason: str | None = Field(default=None, alias="aanleiding")
    goal: str | None = Field(default=None, alias="doel")
    description: str | None = Field(default=None, alias="beschrijving")

    @model_validator(mode="after")
    def _period_in_order(self) -> "PilotInfo":
        if self.end <= self.start:
            raise ValueError(f"einde ({self.end}) ligt niet na start ({self.start})")
        return self

    @property
    def years(self) -> float:
        return ((self.end - self.start).days + 1) / 365.25


class Professional(Model):
    title: str = Field(default="POH-jeugd", alias="titel")
    abbreviation: str | None = Field(default=None, alias="afkorting", min_length=1, max_length=40)
    hours_per_week: float | None = Field(default=None, alias="uren_per_week", ge=0, le=200)
    fte: float | None = Field(default=None, ge=0, le=20)
    count: int | None = Field(default=None, alias="aantal", ge=1, le=1_000)
    background: Literal["ggz", "wijkteam", "jgz", "anders"] | None = Field(default=None, alias="achtergrond")
    employer: str | None = Field(default=None, alias="werkgever")
    works_in_wijkteam: bool | None = Field(default=None, alias="uren_in_wijkteam")
    # What the professional actually does (interventions), as the gemeente describes it.
    interventions: list[str] = Field(default_factory=list, alias="interventies")

    @property
    def short_title(self) -> str:
        """How the report names the professional in running text, tables and charts: ``afkorting``, else the
        abbreviation in brackets at the end of ``titel`` ('Ondersteuner Jeugd en Gezin (OJG)' -> 'OJG'),
        else ``titel`` itself ('POH Jeugd-GGZ')."""
        if self.abbreviation:
            return self.abbreviation.strip()
        if m := re.search(r"\(([^()]{1,40})\)\s*$", self.title):
            return m[1].strip()
        return self.title.strip()


class NotJoining(Model):
    """A reason why GPs did not join the pilot, with how many practices gave it (if known)."""

    reason: str = Field(alias="reden", min_length=1)
    practices: int | None = Field(default=None, alias="praktijken", ge=0, le=100_000)


class WaitingTime(Model):
    """A waiting time the gemeente measured before and during the pilot (not an effect estimate)."""

    care: str = Field(alias="zorg", min_length=1)
    before: float = Field(alias="voor", ge=0, le=10_000)
    during: float = Field(alias="tijdens", ge=0, le=10_000)
    unit: Literal["dagen", "weken", "maanden"] = Field(default="weken", alias="eenheid")
    source: str | None = Field(default=None, alias="bron")


class Practices(Model):
    count: int | None = Field(default=None, alias="aantal", ge=1, le=10_000)
    names: list[str] = Field(default_factory=list, alias="namen")
    gp_count: int | None = Field(default=None, alias="huisartsen", ge=1, le=100_000)
    gp_coverage: float | None = Field(default=None, alias="dekking_huisartsen", ge=0, le=1)
    hours_per_practice: str | None = Field(default=None, alias="uren_per_praktijk")
    # Why other GPs in the gemeente did not join, as reported by the gemeente.
    not_joining: list[NotJoining] = Field(default_factory=list, alias="niet_deelnemend")


class Financing(Model):
    jeugdwet: float = Field(default=1.0, ge=0, le=1)
    zvw: float = Field(default=0.0, ge=0, le=1)
    other: float = Field(default=0.0, alias="overig", ge=0, le=1)

    @model_validator(mode="after")
    def _sums_to_one(self) -> "Financing":
        total = self.jeugdwet + self.zvw + self.other
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"de aandelen jeugdwet + zvw + overig tellen op tot {total:g}, niet tot 1")
        return self


TRAJECTORY_COLUMNS: tuple[str, ...] = (
    "traject_id",
    "praktijk",
    "startdatum",
    "einddatum",
    "status",
    "verwezen_naar",
    "aantal_gesprekken",
    "verwijzing_zonder_poh",
    "leeftijd",
    "geslacht",
    "hulpvraag",
    "wachttijd_dagen",
    "tevredenheid",
    "doel_bereikt",
)


class DataFiles(Model):
    trajectories: Path = Field(alias="trajecten")
    practice_panel: Path | None = Field(default=None, alias="praktijken")
    cbs: Path | None = None
    sheet: str | None = Field(default=None, alias="blad")
    column_map: dict[str, str] = Field(default_factory=dict, alias="kolommen")
    synthetic: bool = Field(default=False, alias="synthetisch")

    @field_validator("column_map")
    @classmethod
    def _known_targets(cls, mapping: dict[str, str]) -> dict[str, str]:
        for standard in mapping:
            if standard not in TRAJECTORY_COLUMNS:
                from difflib import get_close_matches

                hint = get_close_matches(standard, TRAJECTORY_COLUMNS, n=1)
                extra = f" Bedoelt u '{hint[0]}'?" if hint else ""
                raise ValueError(
                    f"'{standard}' is geen kolom van het registratieformaat.{extra} "
                    "Schrijf de standaardnaam links en uw eigen kolomkop rechts, "
                    "bijvoorbeeld  traject_id: Clientnummer"
                )
        return mapping


class Costs(Model):
    """Costs of the POH over the pilot; personnel either per year or hours x rate."""

    personnel_per_year: Amount | None = Field(default=None, alias="personeel_per_jaar")
    hours_per_week: Hours | None = Field(default=None, alias="uren_per_week")
    hourly_rate: Amount | None = Field(default=None, alias="uurtarief")
    overhead_percentage: Percentage = Field(default_factory=lambda: Percentage(value=0), alias="overhead_percentage")
    other_per_year: Amount = Field(default_factory=lambda: Amount(value=0), alias="overige_per_jaar")
    one_off: Amount = Field(default_factory=lambda: Amount(value=0), alias="eenmalig")
    source: str | None = Field(default=None, alias="bron")

    @model_validator(mode="after")
    def _personnel_given_once(self) -> "Costs":
        by_rate = self.hours_per_week is not None or self.hourly_rate is not None
        if self.personnel_per_year is None and not (self.hours_per_week and self.hourly_rate):
            raise ValueError("geef personeel_per_jaar, of uren_per_week én uurtarief")
        if self.personnel_per_year is not None and by_rate:
            raise ValueError("geef personeel_per_jaar óf uren_per_week met uurtarief, niet beide")
        return self


class Assumptions(Model):
    referral_probability_without_poh: Parameter | None = Field(default=None, alias="verwijskans_zonder_poh")
    induced_demand: Parameter | None = Field(default=None, alias="geinduceerde_vraag")

    @field_validator("referral_probability_without_poh", "induced_demand")
    @classmethod
    def _is_probability(cls, p: Parameter | None) -> Parameter | None:
        if p is not None:
            low, high = p.range or (p.value, p.value)
            if not (0 <= low and high <= 1 and 0 <= p.value <= 1):
                raise ValueError("een kans ligt tussen 0 en 1 (bijvoorbeeld 0.7 voor 70%)")
        return p


class Comparison(Model):
    municipalities: Literal["alle"] | list[Annotated[str, Field(pattern=r"^GM\d{4}$")]] = Field(
        default="alle", alias="gemeenten"
    )
    outcome: Literal["aandeel", "per_1000", "beide"] = Field(default="beide", alias="uitkomst")


class Projection(Model):
    horizon_years: int = Field(default=5, alias="horizon_jaren", ge=1, le=30)
    discount_rate: float = Field(default=0.03, alias="disconteringsvoet", ge=0, le=0.2)
    scale_up_coverage: list[Annotated[float, Field(ge=0, le=1)]] = Field(
        default_factory=lambda: [1.0], alias="opschaling_dekking"
    )
    youth_population: int | None = Field(default=None, alias="jeugdigen_gemeente", ge=1, le=10_000_000)


class Settings(Model):
    seed: int = Field(default=20240101, ge=0, le=2**63 - 1)
    draws: int = Field(default=10_000, alias="trekkingen", ge=100, le=1_000_000)
    suppression_threshold: int = Field(default=5, alias="onderdrukking_drempel", ge=5, le=100)
    permutations: int = Field(default=999, alias="permutaties", ge=99, le=100_000)
    report_year: int | None = Field(default=None, alias="prijsjaar", ge=EARLIEST_YEAR, le=LATEST_YEAR)
    indexation: float = Field(default=0.0, alias="indexatie_per_jaar", ge=0, le=0.2)


class HouseStyle(Model):
    primary: str = Field(default="#154273", alias="primair", pattern=r"^#[0-9A-Fa-f]{6}$")
    accent: str = Field(default="#E17000", alias="accent", pattern=r"^#[0-9A-Fa-f]{6}$")


class ReportSettings(Model):
    """The ``rapport`` section. ``logo``, ``stylesheet`` and ``templates`` are checked at load (see
    ``report_files``: regular files below the pilot file's folder) and hold resolved paths afterwards."""

    title: str | None = Field(default=None, alias="titel")
    subtitle: str | None = Field(default=None, alias="ondertitel")
    author: str | None = Field(default=None, alias="auteur")
    organisation: str | None = Field(default=None, alias="organisatie")
    logo: Path | None = None
    stylesheet: Path | None = None
    templates: Path | None = Field(default=None, alias="sjablonen")
    colours: HouseStyle = Field(default_factory=HouseStyle, alias="kleuren")
    date: SensibleDate | None = Field(default=None, alias="datum")


class Voice(Model):
    role: Literal["huisarts", "poh", "ouder", "jeugdige", "wijkteam", "gemeente", "anders"] = Field(alias="rol")
    goes_well: list[str] = Field(default_factory=list, alias="gaat_goed")
    could_be_better: list[str] = Field(default_factory=list, alias="kan_beter")
    quotes: list[str] = Field(default_factory=list, alias="citaten")
    respondents: int | None = Field(default=None, alias="aantal", ge=0, le=1_000_000)


class ChecklistItem(Model):
    """One scored line of a checklist; the status choices depend on the list (see subclasses)."""

    item: str = Field(alias="onderdeel")
    status: str
    evidence: str | None = Field(default=None, alias="toelichting")


class FactorItem(ChecklistItem):
    """A werkzame factor or a risk: is it present at this pilot?"""

    status: Literal["aanwezig", "deels", "afwezig", "onbekend"]


class AgreementItem(ChecklistItem):
    """An agreement between gemeente, GPs and provider: is it laid down?"""

    status: Literal["vastgelegd", "in ontwikkeling", "ontbreekt"]


ContractKind = Literal["per_traject", "lumpsum"]


class DecisionPointItem(Model):
    """A besluitpunt the gemeente proposes; ``soort`` says what it asks, so the evaluation can assess it."""

    text: str = Field(alias="tekst", min_length=1)
    kind: DecisionKind = Field(default="anders", alias="soort")


class PilotConfig(Model):
    """The validated pilot file. ``path`` is where it was read from."""

    pilot: PilotInfo
    data: DataFiles
    professional: Professional = Field(default_factory=Professional, alias="professional")
    practices: Practices = Field(default_factory=Practices, alias="praktijken")
    financing: Financing = Field(default_factory=Financing, alias="financiering")
    research_questions: list[str] = Field(default_factory=list, alias="onderzoeksvragen")
    costs: Costs | None = Field(default=None, alias="kosten")
    tariffs: dict[Destination, Amount] = Field(default_factory=dict, alias="tarieven")
    assumptions: Assumptions = Field(default_factory=Assumptions, alias="aannames")
    comparison: Comparison = Field(default_factory=Comparison, alias="vergelijking")
    projection: Projection = Field(default_factory=Projection, alias="projectie")
    settings: Settings = Field(default_factory=Settings, alias="instellingen")
    report: ReportSettings = Field(default_factory=ReportSettings, alias="rapport")
    experiences: list[Voice] = Field(default_factory=list, alias="ervaringen")
    success_factors: list[FactorItem] = Field(default_factory=list, alias="werkzame_factoren")
    risks: list[FactorItem] = Field(default_factory=list, alias="risicos")
    agreements: list[AgreementItem] = Field(default_factory=list, alias="afspraken")
    decision_points: list[DecisionPointItem] = Field(default_factory=list, alias="besluitpunten")
    waiting_times: list[WaitingTime] = Field(default_factory=list, alias="wachttijden")
    # How the gemeente buys each kind of care: per trajectory (a saving is money) or under a lump sum
    # (a saving frees capacity). Not given: per trajectory.
    contracts: dict[Destination, ContractKind] = Field(default_factory=dict, alias="contracten")
    recommendations: list[str] = Field(default_factory=list, alias="aanbevelingen")
    path: Path = Field(default=Path("pilot.yaml"), exclude=True)

    @field_validator("decision_points", mode="before")
    @classmethod
    def _plain_decision_points(cls, value):
        """A besluitpunt may be plain text: then its soort is 'anders' (it is shown, not assessed)."""
        if isinstance(value, list):
            return [{"tekst": v, "soort": "anders"} if isinstance(v, str) else v for v in value]
        return value

    @property
    def slug(self) -> str:
        """The pilot's short name, also its output folder: the file name without extension, reduced to letters,
        digits, '-', '_' and '.', never empty, hidden, '.' or '..' (a pilot file named '...yaml' must not write
        outside the output folder)."""
        name = re.sub(r"[^\w.-]+", "_", self.path.stem).strip("._-")[:80]
        return name or "pilot"


def load_pilot(path: Path | str) -> PilotConfig:
    """Read and validate a pilot file; raise ``ConfigError`` with Dutch messages."""
    path = Path(path)
    shown = display_path(path)
    if not path.exists():
        raise ConfigError(f"Het pilotbestand '{shown}' bestaat niet. Controleer de naam en de map.")
    if path.is_dir():
        raise ConfigError(f"'{shown}' is een map, geen pilotbestand. Geef het .yaml-bestand op.")
    raw, root = parse_pilot_yaml(read_pilot_text(path, shown), shown)
    if not isinstance(raw, dict):
        raise ConfigError(
            f"Het pilotbestand '{shown}' is leeg of bevat geen sleutels. "
            "Het moet minstens de onderdelen 'pilot' en 'data' bevatten."
        )
    try:
        config = PilotConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(translate_validation_error(shown, exc, root, PilotConfig)) from None
    return _resolve_paths(config, path, shown, root)


_KEYS = {"logo": report_files.LOGO_KEY, "stylesheet": report_files.STYLESHEET_KEY,
         "templates": report_files.TEMPLATES_KEY}


def _report_files(report: ReportSettings, base: Path, shown: str, root: yaml.Node | None) -> dict[str, Path | None]:
    """The logo, stylesheet and templates folder of the ``rapport`` section, checked and resolved.

    Each must lie below the pilot file's folder (symbolic links resolved); the stylesheet must be
    UTF-8 text, the logo a PNG, JPEG or SVG image; see ``report_files``. A ConfigError names the
    file, the key and its line.
    """
    checks = {
        "logo": (report.logo, report_files.read_logo),
        "stylesheet": (report.stylesheet, report_files.read_stylesheet),
        "templates": (report.templates, report_files.templates_folder),
    }
    resolved: dict[str, Path | None] = {}
    for field, (value, check) in checks.items():
        if value is None:
            resolved[field] = None
            continue
        try:
            check(value, base, ConfigError, shown=str(value))
            resolved[field] = report_files.inside(value, base, _KEYS[field], ConfigError, shown=str(value))
        except ConfigError as exc:
            line = _line_of(root, ("rapport", ReportSettings.model_fields[field].alias or field), "")
            where = f" (regel {line})" if line else ""
            raise ConfigError(f"Het pilotbestand '{shown}'{where}, {exc.message}") from None
    return resolved


def _resolve_paths(config: PilotConfig, path: Path, shown: str, root: yaml.Node | None) -> PilotConfig:
    base = path.resolve().parent

    def resolve(p: Path | None) -> Path | None:
        return None if p is None else (base / p).resolve()

    data = config.data.model_copy(
        update={
            "trajectories": resolve(config.data.trajectories),
            "practice_panel": resolve(config.data.practice_panel),
            "cbs": resolve(config.data.cbs),
        }
    )
    report = config.report.model_copy(update=_report_files(config.report, base, shown, root))
    return config.model_copy(update={"data": data, "report": report, "path": path.resolve()})
