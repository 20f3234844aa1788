"""Dutch messages for problems in the pilot file: YAML syntax and pydantic validation.

Each message names the file, the key path (``pilot.start``), the line where the YAML
parser knows it, what was expected, what was found, and what to do.
"""

from __future__ import annotations

import re
import typing
from difflib import get_close_matches
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from evaluator.errors import excerpt

_TYPE_MESSAGES: dict[str, str] = {
    "missing": "ontbreekt; dit onderdeel is verplicht",
    "extra_forbidden": "is geen bekende sleutel",
    "string_type": "moet tekst zijn",
    "string_too_short": "mag niet leeg zijn",
    "string_pattern_mismatch": "heeft niet de juiste vorm",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "int_parsing_size": "is veel te groot",
    "int_from_float": "moet een geheel getal zijn (zonder decimalen)",
    "float_type": "moet een getal zijn",
    "float_parsing": "moet een getal zijn (gebruik een punt als decimaalteken, bijvoorbeeld 0.7)",
    "bool_type": "moet ja/nee zijn (true of false)",
    "bool_parsing": "moet ja/nee zijn (true of false)",
    "date_type": "moet een datum zijn in de vorm JJJJ-MM-DD",
    "date_parsing": "moet een datum zijn in de vorm JJJJ-MM-DD",
    "date_from_datetime_parsing": "moet een datum zijn in de vorm JJJJ-MM-DD",
    "date_from_datetime_inexact": "moet een datum zijn zonder tijd",
    "finite_number": "moet een eindig getal zijn (geen .inf of .nan)",
    "string_too_long": "is te lang",
    "greater_than_equal": "is te klein",
    "greater_than": "is te klein",
    "less_than_equal": "is te groot",
    "less_than": "is te groot",
    "literal_error": "heeft geen toegestane waarde",
    "list_type": "moet een lijst zijn (regels die beginnen met '- ')",
    "dict_type": "moet een onderdeel met sleutels zijn",
    "model_type": "moet een onderdeel met sleutels zijn",
    "model_attributes_type": "moet een onderdeel met sleutels zijn",
    "tuple_type": "moet een lijst van twee getallen zijn, bijvoorbeeld [0.5, 0.9]",
    "too_short": "heeft te weinig elementen",
    "too_long": "heeft te veel elementen",
    "path_type": "moet een bestandsnaam zijn",
    "value_error": "is ongeldig",
    "union_tag_invalid": "heeft geen toegestane waarde",
}


_YAML_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("could not find expected ':'", "er ontbreekt een dubbele punt (:) na een sleutel"),
    ("that cannot start any token", "er staat een teken waarmee geen waarde kan beginnen, bijvoorbeeld een tab; "
                                    "spring in met spaties"),
    ("found unexpected end of stream", "het bestand houdt onverwacht op; is een aanhalingsteken of haakje niet "
                                       "gesloten?"),
    ("expected ',' or ']'", "een lijst tussen [ ] is niet goed gesloten"),
    ("expected ',' or '}'", "een onderdeel tussen { } is niet goed gesloten"),
    ("mapping values are not allowed here", "er staat een dubbele punt op een onverwachte plek; zet tekst met een "
                                            "dubbele punt tussen aanhalingstekens"),
    ("expected <block end>", "het inspringen klopt niet"),
    ("found undefined alias", "er staat een * voor een woord; zet die tekst tussen aanhalingstekens"),
    ("found unknown escape character", "een backslash (\\) tussen dubbele aanhalingstekens; gebruik enkele "
                                       "aanhalingstekens"),
)


_DATE_KINDS = {"date_parsing", "date_from_datetime_parsing", "date_type"}
_DATE_SHAPE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


def yaml_error_message(shown: str, exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    where = f", regel {mark.line + 1}, kolom {mark.column + 1}" if mark is not None else ""
    problem = str(getattr(exc, "problem", None) or "")
    dutch = next((text for marker, text in _YAML_PROBLEMS if marker in problem), None)
    what = dutch or (f"technische melding: {excerpt(problem, 80)}" if problem else "onbekende fout")
    return (
        f"Het pilotbestand '{shown}' is geen geldige YAML{where}: {what.rstrip('.?')}. "
        "Controleer het inspringen (spaties, geen tabs) en de dubbele punt na elke sleutel."
    )


def duplicate_key_message(shown: str, root: yaml.Node | None) -> str | None:
    """PyYAML silently keeps the last of two equal keys; we refuse instead, naming both lines.

    Each node is visited once, even when aliases (``*a``) make it reachable many times.
    """
    stack = [(root, "")]
    visited: set[int] = set()
    while stack:
        node, path = stack.pop()
        if id(node) in visited:
            continue
        visited.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = _key_text(key_node)
                line = key_node.start_mark.line + 1
                if key in seen:
                    where = f"{path}.{key}" if path else key
                    return (
                        f"Het pilotbestand '{shown}' bevat de sleutel '{excerpt(where, 80)}' twee keer (regel "
                        f"{seen[key]} en regel {line}). Verwijder of hernoem er één; anders is niet duidelijk welke "
                        "waarde telt."
                    )
                seen[key] = line
                stack.append((value_node, f"{path}.{key}" if path else key))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, f"{path}[{i}]") for i, child in enumerate(node.value))
    return None


def _key_text(node: yaml.Node) -> str:
    """A key as a short text; a key that is itself a list or mapping gets a placeholder."""
    if isinstance(node, yaml.ScalarNode):
        return excerpt(str(node.value))
    return f"<{'lijst' if isinstance(node, yaml.SequenceNode) else 'onderdeel'} op regel {node.start_mark.line + 1}>"


def translate_validation_error(shown: str, exc: ValidationError, root: yaml.Node | None,
                               model: type[BaseModel]) -> str:
    """Every pydantic error of ``model`` (the pilot file's root model) as one Dutch message."""
    lines = [f"Het pilotbestand '{shown}' bevat {len(exc.errors())} fout(en):"]
    seen: set[str] = set()
    for error in exc.errors():
        loc = _clean_loc(error["loc"])
        key_path = ".".join(excerpt(str(part)) for part in loc) or "(hoofdniveau)"
        line = _line_of(root, loc, error["type"])
        where = f"{key_path} (regel {line})" if line else key_path
        text = f"  - {where}: {_describe(error, loc, model)}"
        if text not in seen:
            seen.add(text)
            lines.append(text)
    return "\n".join(lines)


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    # pydantic adds union branch names and validator tags to loc; keep only real keys.
    kept = []
    for part in loc:
        if isinstance(part, str) and (
            part.startswith("function-") or part in {"literal['alle']", "list[constrained-str]", "[key]"}
        ):
            continue
        kept.append(part)
    return tuple(kept)


def _describe(error: dict[str, Any], loc: tuple[Any, ...], root_model: type[BaseModel]) -> str:
    kind = error["type"]
    found = error.get("input")
    if kind == "extra_forbidden":
        valid = _valid_keys(root_model, loc[:-1])
        hint = get_close_matches(str(loc[-1])[:100], valid, n=1, cutoff=0.5) if valid else []
        suggestion = f" Bedoelt u '{hint[0]}'?" if hint else ""
        known = f" Toegestaan op deze plek: {', '.join(sorted(valid))}." if valid else ""
        return f"'{excerpt(str(loc[-1]))}' is geen bekende sleutel.{suggestion}{known}"
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"])).removeprefix("Value error, ")
    base = _TYPE_MESSAGES.get(kind, error["msg"])
    ctx = error.get("ctx") or {}
    if kind == "literal_error" and "expected" in ctx:
        base += f"; kies uit {ctx['expected'].replace(' or ', ', ')}"
    if kind in {"greater_than_equal", "greater_than"}:
        base += f" (minimaal {ctx.get('ge', ctx.get('gt'))})"
    if kind == "string_too_long":
        base += f" (hoogstens {ctx.get('max_length', 0):,} tekens; zet een lange toelichting in een bijlage)".replace(",", ".")
    if kind in {"less_than_equal", "less_than"}:
        base += f" (maximaal {ctx.get('le', ctx.get('lt'))})"
    if loc and loc[-1] == "gemeentecode":
        base += "; verwacht 'GM' gevolgd door vier cijfers, bijvoorbeeld GM1708"
    if kind in _DATE_KINDS and isinstance(found, str) and _DATE_SHAPE.match(found.strip()):
        base = "is geen bestaande datum (controleer dag en maand: een maand heeft hoogstens 31 dagen, een jaar 12 maanden)"
    if kind != "missing" and found is not None and not isinstance(found, (dict, list)):
        shown_value = f"'{excerpt(found)}'" if isinstance(found, str) else excerpt(repr(found))
        base += f" (gevonden: {shown_value})"
    return base


def _valid_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        sub = _submodel_for(current, part)
        if sub is None:
            return []
        current = sub
    if not (isinstance(current, type) and issubclass(current, BaseModel)):
        return []
    return [f.alias or name for name, f in current.model_fields.items() if not f.exclude]


def _submodel_for(model: Any, key: str) -> type[BaseModel] | None:
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return None
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return _first_model(field.annotation)
    return None


def _first_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _first_model(arg)
        if found is not None:
            return found
    return None


def _line_of(root: yaml.Node | None, loc: tuple[Any, ...], kind: str) -> int | None:
    node = root
    line = None if root is None else root.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((pair for pair in node.value if pair[0].value == str(part)), None)
            if match is None:
                return line
            key_node, node = match
            line = (key_node if kind == "extra_forbidden" else node).start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line
