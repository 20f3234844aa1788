"""Reading the pilot file's YAML within limits: size, nesting depth and alias expansion bounded.

A pilot file is a few kilobytes written by hand. ``parse_pilot_yaml`` refuses, with a Dutch
message naming the file and line, anything that would make the loader or the code after it
work without bound: a file larger than 1 MB, a device or FIFO instead of a file, nesting
deeper than 30 levels (PyYAML composes recursively: 1,000 levels would end in a RecursionError),
and anchors and aliases (``&a`` / ``*a``) that expand to more than 10,000 values: nine levels
of ten aliases each is a billion values, which the duplicate-key check and the validation
would otherwise walk one by one. Duplicate keys are refused as well (PyYAML keeps the last).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from evaluator.errors import ConfigError
from evaluator.inputs.config_errors import duplicate_key_message, yaml_error_message
from evaluator.inputs.regular_file import Refused, read_regular

MAX_PILOT_BYTES = 1_000_000
MAX_DEPTH = 30
MAX_EXPANDED_VALUES = 10_000


class _Loader(yaml.SafeLoader):
    """SafeLoader whose impossible timestamps ('2017-02-31', month 13) stay text for the validation to name."""

    def construct_yaml_timestamp(self, node):  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def read_pilot_text(path: Path, shown: str) -> str:
    """The pilot file as text: a regular UTF-8 file of at most 1 MB."""
    try:
        content = read_regular(path, MAX_PILOT_BYTES)
    except Refused as refused:
        advice = {"soort": " Geef het .yaml-bestand zelf op.",
                  "grootte": " Een pilotbestand is een paar kilobyte; staat er een heel bestand in een tekstveld?"}
        raise ConfigError(f"Het pilotbestand '{shown}' {refused.problem}.{advice.get(refused.kind, '')}") from None
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"Het pilotbestand '{shown}' is geen UTF-8-tekst. Sla het op als UTF-8.") from None


def parse_pilot_yaml(text: str, shown: str) -> tuple[Any, yaml.Node | None]:
    """The document as Python values and as a node tree (for line numbers); ``ConfigError`` in Dutch."""
    try:
        _check_depth(text, shown)
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
            _check_expansion(root, shown)
            duplicate = duplicate_key_message(shown, root)
            if duplicate:
                raise ConfigError(duplicate)
            data = None if root is None else loader.construct_document(root)
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise ConfigError(yaml_error_message(shown, exc)) from None
    return data, root


def _check_depth(text: str, shown: str) -> None:
    """Walk the parser's event stream (not recursive) and refuse nesting deeper than MAX_DEPTH."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1
                raise ConfigError(
                    f"Het pilotbestand '{shown}', regel {line}: de onderdelen zijn meer dan {MAX_DEPTH} niveaus diep "
                    "genest. Een pilotbestand heeft hoogstens een paar niveaus; controleer het inspringen en de "
                    "haakjes [ ] en { }."
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _check_expansion(root: yaml.Node | None, shown: str) -> None:
    """Refuse aliases that expand to more than MAX_EXPANDED_VALUES values, or that refer to themselves.

    Aliases make the node tree a graph in which one node can be reached many times; its size when
    expanded is counted once per node (memoised), so the check itself stays fast.
    """
    if root is None:
        return
    sizes: dict[int, int] = {}
    busy: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        children = _children(node)
        if not children_done:
            if key in busy:
                _refuse_alias(shown, node, "verwijst naar zichzelf")
            busy.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        if any(id(child) in busy and id(child) not in sizes for child in children):
            _refuse_alias(shown, node, "verwijst naar zichzelf")
        busy.discard(key)
        sizes[key] = 1 + sum(sizes[id(child)] for child in children)
        if sizes[key] > MAX_EXPANDED_VALUES:
            _refuse_alias(shown, node, f"groeit door verwijzingen (*) uit tot meer dan {MAX_EXPANDED_VALUES:,} "
                                       "waarden".replace(",", "."))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _refuse_alias(shown: str, node: yaml.Node, problem: str) -> None:
    line = node.start_mark.line + 1
    raise ConfigError(
        f"Het pilotbestand '{shown}', regel {line}: dit onderdeel {problem}. Schrijf de waarden uit in plaats "
        "van ankers (&) en verwijzingen (*) te stapelen."
    )
