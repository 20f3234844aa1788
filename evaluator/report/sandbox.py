"""The one Jinja environment of the report: sandboxed, strict, and stricter for the gemeente's own templates.

Every template runs in Jinja's ``ImmutableSandboxedEnvironment`` (autoescape on,
``StrictUndefined``, the nl_NL filters): no attribute starting with ``_`` (``__class__``,
``__globals__``, ``mro`` ...), no mutating ``list.append``, so no way from a template to
Python internals, the file system or a shell.

Templates come from the gemeente's folder (``rapport.sjablonen``) first, then from the
package. The gemeente's files are read only as regular files below the pilot file's folder
(``inputs.report_files``). Code from those files is *untrusted*: besides the sandbox, every
value it obtains (a context name, an attribute, an item, the result of a call, a name imported
from another template) must be a published value: text, numbers, dates, containers of those,
or a dataclass of the report layer (``evaluator.report``, ``evaluator.vocabulary``) made of
such values. Stage results
(``CohortResult``, ``EffectResult``, ``BusinessCase``, polars frames, the configuration)
are refused: a custom template prints only what the report publishes, never an unsuppressed
count. The package's own templates are trusted (they are reviewed with the code).

Which code is asking is known from the Python stack: compiled templates run as functions
whose module globals hold this environment and the template's file name.
"""

from __future__ import annotations

import builtins
import dataclasses
import datetime as dt
import enum
import numbers
import os
import sys
import types
from pathlib import Path
from typing import Any, Callable

import jinja2
from jinja2.loaders import split_template_path
from jinja2.runtime import BlockReference, Context, LoopContext, Macro, TemplateReference, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import Cycler, Joiner, Namespace, missing
from markupsafe import Markup

from evaluator.errors import OutputError
from evaluator.inputs import report_files
from evaluator.report.formatting import FILTERS
from evaluator.vocabulary import label

PUBLISHED_MODULES = ("evaluator.report", "evaluator.vocabulary")
_SCALARS = (type(None), numbers.Number, str, dt.date, dt.time, dt.timedelta, enum.Enum, range)  # Number: numpy too
_CONTAINERS = (tuple, list, set, frozenset)
_JINJA_OBJECTS = (Undefined, Macro, LoopContext, Cycler, Joiner, Namespace, TemplateReference, BlockReference,
                  jinja2.environment.TemplateModule)
_CALLABLES = (types.BuiltinFunctionType, types.BuiltinMethodType, types.MethodWrapperType, types.MethodType)
_MAX_DEPTH = 12
_JINJA_DIR = os.path.dirname(jinja2.__file__) + os.sep


class RawResultRefused(SecurityError):
    """An untrusted template asked for a value that is not published (a stage result, the configuration)."""


def templates_dir() -> Path:
    """The package's templates: ``_templates`` when installed, else ``templates/`` next to the package."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "_templates"
    return installed if installed.is_dir() else package.parent / "templates"


class ReportLoader(jinja2.BaseLoader):
    """The gemeente's folder first (only safe files below ``base``), then the package's templates.

    Records which file each template came from: ``own_files`` (the gemeente's, untrusted) and
    ``package_files`` (trusted). ``..`` in a template name is refused by Jinja's path splitting.
    """

    def __init__(self, own: Path | None = None, base: Path | None = None):
        self.own = own
        self.base = base if base is not None else own
        self.package = templates_dir()
        self.own_files: dict[str, str] = {}
        self.package_files: set[str] = set()

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        name = "/".join(pieces)
        if self.own is not None and os.path.lexists(self.own.joinpath(*pieces)):
            source = report_files.read_template(self.own, name, self.base, OutputError)
            filename = str(self.own.joinpath(*pieces))
            self.own_files[filename] = name
            return source, filename, lambda: True
        path = self.package.joinpath(*pieces)
        if not path.is_file():
            raise jinja2.TemplateNotFound(template)
        filename = str(path)
        self.package_files.add(filename)
        return path.read_text(encoding="utf-8"), filename, lambda: True


def is_published(value: Any, depth: int = 0, seen: set[int] | None = None) -> bool:
    """True if an untrusted template may hold ``value``: published values only (see the module text)."""
    if isinstance(value, _SCALARS) or isinstance(value, _JINJA_OBJECTS):
        return True
    if depth > _MAX_DEPTH:
        return False
    seen = set() if seen is None else seen
    if id(value) in seen:
        return True
    seen.add(id(value))
    if isinstance(value, _CONTAINERS):
        return all(is_published(item, depth + 1, seen) for item in value)
    if isinstance(value, dict):
        return all(is_published(k, depth + 1, seen) and is_published(v, depth + 1, seen) for k, v in value.items())
    if isinstance(value, (types.MappingProxyType, type({}.items()), type({}.values()), type({}.keys()))):
        return all(is_published(item, depth + 1, seen) for item in value)
    if isinstance(value, types.FunctionType) and value.__code__.co_filename.startswith(_JINJA_DIR):
        return True  # Jinja's own helpers (lipsum, the sandbox's str.format wrapper)
    if isinstance(value, _CALLABLES):
        owner = getattr(value, "__self__", None)
        return owner is None or owner is builtins or is_published(owner, depth + 1, seen)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if not type(value).__module__.startswith(PUBLISHED_MODULES):
            return False
        return all(is_published(getattr(value, f.name), depth + 1, seen) for f in dataclasses.fields(value))
    return False


class GuardedTemplate(jinja2.Template):
    """A template whose module (``{% import %}``, ``{% from ... import %}``) exports only published
    values to untrusted code: those statements read the module with Python's own ``getattr``."""

    def make_module(self, vars: dict[str, Any] | None = None, shared: bool = False,
                    locals: dict[str, Any] | None = None) -> jinja2.environment.TemplateModule:
        return self.environment.guard_module(super().make_module(vars, shared, locals))

    def _get_default_module(self, ctx: Context | None = None) -> jinja2.environment.TemplateModule:
        return self.environment.guard_module(super()._get_default_module(ctx))


class GuardedContext(Context):
    """A template context that gives untrusted code only published values for its names."""

    def resolve_or_missing(self, key: str) -> Any:
        value = super().resolve_or_missing(key)
        environment = self.environment
        if isinstance(environment, ReportEnvironment):
            return environment.guard(value, key)
        return value


class ReportEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, with the published-values rule for the gemeente's own templates."""

    context_class = GuardedContext
    template_class = GuardedTemplate

    def __init__(self, loader: ReportLoader):
        super().__init__(
            loader=loader,
            autoescape=True,  # every template, whatever its extension
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.report_loader = loader
        self.filters.update(FILTERS)
        self.filters["label"] = label
        # Chart SVG is made by our own matplotlib code (charts/), never from user input.
        self.filters["svg"] = Markup

    def untrusted_caller(self) -> str | None:
        """The file of the template code that is running now, if it is not one of the package's own."""
        frame = sys._getframe(1)
        while frame is not None:
            namespace = frame.f_globals
            if namespace.get("environment") is self and "__jinja_template__" in namespace:
                filename = namespace.get("__file__")
                return None if filename in self.report_loader.package_files else str(filename)
            frame = frame.f_back
        return None

    def guard(self, value: Any, name: str) -> Any:
        if value is missing or any(value is default for default in self.globals.values()):
            return value  # Jinja's globals (range, dict, cycler, namespace, ...) are safe in the sandbox
        if self.untrusted_caller() is not None and not is_published(value):
            return self.undefined(
                hint=f"'{name}' is geen gepubliceerd gegeven ({type(value).__name__})", name=name, exc=RawResultRefused)
        return value

    def guard_module(self, module: jinja2.environment.TemplateModule) -> jinja2.environment.TemplateModule:
        """For untrusted code: a copy of ``module`` whose unpublished exports are refused (the cached
        module itself stays intact for the package's templates)."""
        if self.untrusted_caller() is None:
            return module
        copy = object.__new__(type(module))
        for key, value in vars(module).items():
            refused = not key.startswith("_") and not is_published(value)
            copy.__dict__[key] = self.guard(value, key) if refused else value
        return copy

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """The sandbox's rule, and for untrusted code only published values (also for the ``attr`` filter)."""
        if not super().is_safe_attribute(obj, attr, value):
            return False
        return self.guard(value, attr) is value

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        value = getattr(obj, attribute, None)
        if not ImmutableSandboxedEnvironment.is_safe_attribute(self, obj, attribute, value):
            return super().unsafe_undefined(obj, attribute)  # Python internals, or a method that mutates
        return self.undefined(hint=f"'{attribute}' van een {type(obj).__name__}-object is geen gepubliceerd gegeven",
                              name=attribute, exc=RawResultRefused)

    def getattr(self, obj: Any, attribute: str) -> Any:
        return self.guard(super().getattr(obj, attribute), attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        return self.guard(super().getitem(obj, argument), str(argument))

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        result = super().call(__context, __obj, *args, **kwargs)
        return __self.guard(result, getattr(__obj, "__name__", "()"))


def make_environment(own: Path | None = None, base: Path | None = None) -> ReportEnvironment:
    """The report environment; ``own`` is the gemeente's template folder, ``base`` the pilot file's folder."""
    return ReportEnvironment(ReportLoader(own, base))
