"""Stage 6: the report as HTML and PDF, and the results file, from prepared objects.

One Jinja environment (``sandbox``): sandboxed, autoescape, StrictUndefined, the nl_NL filters
of ``formatting``. Templates come from the gemeente's own folder first (``rapport.sjablonen``),
then from the package, so a single template can be overridden without copying the others; the
gemeente's templates see only published values. Every file of the gemeente (templates, logo,
stylesheet) is read by ``inputs.report_files``: regular files below the pilot file's folder.

The gemeente's stylesheet (``rapport.stylesheet``) is never pasted into ``<style>``: it becomes
``<link rel="stylesheet" href="data:text/css;base64,...">`` after the package CSS, so nothing in
it can close an element. A replacement ``css/report.css`` in the templates folder does go in
``<style>`` (its relative ``url()``s, the fonts, must resolve), escaped by ``style_text``. The
logo becomes an ``<img>`` with a ``data:`` URI (an SVG logo is never inlined, so it cannot run
script). The HTML stays one self-contained file. WeasyPrint gets a URL fetcher that serves
only regular local files from the template folders: nothing leaves the machine.

A template that fails (a syntax error, an unknown name, an attempt to reach Python internals
or unpublished results) becomes a Dutch ``OutputError`` naming the template file and line;
nothing is written.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import datetime as dt
import os
import re
import stat
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2.sandbox import SecurityError
from markupsafe import Markup

from evaluator.errors import EvaluatorError, OutputError
from evaluator.inputs import report_files
from evaluator.report.context import ReportContext
from evaluator.report.sandbox import RawResultRefused, ReportEnvironment, make_environment, templates_dir

__all__ = ["RENDER_FIELDS", "allowed_roots", "data_uri", "local_only_fetcher", "make_environment", "package_css",
           "render_html", "render_pdf", "style_text", "template_error", "templates_dir"]

# Names the renderer adds next to the ReportContext fields (documented like them; see the contract test).
RENDER_FIELDS: dict[str, str] = {
    "css": "De opmaak voor het <style>-element: templates/css/report.css, of css/report.css uit rapport.sjablonen; "
           "zo omgezet dat er geen '<' (dus geen </style>) in staat.",
    "stylesheets": "data:-adressen (text/css) van de stijlbladen van de gemeente (rapport.stylesheet), elk als "
                   "<link rel=\"stylesheet\"> na de opmaak.",
    "logo_uri": "data:-adres van het logo van de gemeente (rapport.logo, PNG, JPEG of SVG), of None.",
}

OWN_CSS = "css/report.css"


def style_text(css: str) -> Markup:
    """CSS for inside ``<style>``: nothing in it can end the element or open a comment there.

    Every ``<`` becomes ``\\3c `` (the CSS escape of the same character, which CSS reads back as
    ``<`` in strings), so no ``</style``, ``<script`` or ``<!--`` is left for the HTML parser. Used
    for the package CSS and a replacement ``css/report.css`` from the templates folder;
    ``rapport.stylesheet`` goes in a ``<link>`` (``data_uri``).
    """
    return Markup(css.replace("<", "\\3c "))


def data_uri(media_type: str, content: bytes) -> str:
    """A ``data:`` URI with the content in base64 (only A-Z a-z 0-9 + / =: safe in any attribute)."""
    charset = ";charset=utf-8" if media_type.startswith("text/") else ""
    return f"data:{media_type}{charset};base64,{base64.b64encode(content).decode('ascii')}"


def package_css() -> str:
    """The package's own CSS (templates/css/report.css), unescaped: pass it through ``style_text``."""
    path = templates_dir() / OWN_CSS
    if not path.is_file():
        raise OutputError("De opmaak (css/report.css) ontbreekt in de sjablonen van de evaluator; "
                          "installeer de evaluator opnieuw.")
    return path.read_text(encoding="utf-8")


def render_html(context: ReportContext | Any, extra_dir: Path | None = None, stylesheet: Path | None = None,
                logo: Path | None = None, *, base: Path | None = None, template: str = "report.html") -> str:
    """The report as one self-contained HTML page (CSS and logo as data: URIs, SVG charts inline).

    ``template`` is the page: ``report.html`` (``ReportContext``) or ``college.html`` (the collegeversie,
    ``college.CollegeContext``); both go through the same sandbox, stylesheets and checks.

    ``extra_dir``, ``stylesheet`` and ``logo`` are ``rapport.sjablonen``, ``rapport.stylesheet``
    and ``rapport.logo``; ``base`` is the pilot file's folder: every file of the gemeente must lie
    below it (checked again here, the files may have changed since the pilot file was loaded).
    Without ``base`` each file must lie below its own folder (the config has checked the pilot
    folder at load). Raises ``OutputError`` (Dutch, naming the key or template) on any problem.
    """
    own = None
    if extra_dir is not None:
        own = report_files.templates_folder(extra_dir, base or extra_dir, OutputError)
    environment = make_environment(own, base or own)
    stylesheets: list[str] = []
    if own is not None and os.path.lexists(own / OWN_CSS):
        # A replacement of the package CSS stays in <style> (escaped), so its relative url()s
        # (the fonts) keep resolving against the package's templates in the PDF.
        css = report_files.read_template(own, OWN_CSS, base or own, OutputError)
    else:
        css = package_css()
    if stylesheet is not None:
        text = report_files.read_stylesheet(stylesheet, base or stylesheet.parent, OutputError)
        stylesheets.append(data_uri("text/css", text.encode("utf-8")))
    logo_uri = None
    if logo is not None:
        image = report_files.read_logo(logo, base or logo.parent, OutputError)
        logo_uri = data_uri(image.media_type, image.content)
    fields = {f.name: getattr(context, f.name) for f in dataclasses.fields(context)}
    try:
        page = environment.get_template(template)
        return page.render(**fields, css=style_text(css), stylesheets=tuple(stylesheets), logo_uri=logo_uri)
    except EvaluatorError:
        raise
    except Exception as exc:  # a template's fault becomes a Dutch OutputError; our own bugs stay bugs
        error = template_error(exc, environment)
        if error is None:
            raise
        raise error from None


def render_page(template_name: str, context: Any) -> str:
    """Another page of the package (the comparison) through the same environment, CSS and checks."""
    environment = make_environment()
    fields = {f.name: getattr(context, f.name) for f in dataclasses.fields(context)}
    try:
        return environment.get_template(template_name).render(**fields, css=style_text(package_css()),
                                                              stylesheets=(), logo_uri=None)
    except EvaluatorError:
        raise
    except Exception as exc:
        error = template_error(exc, environment)
        if error is None:
            raise
        raise error from None


_UNSAFE = re.compile(r"access to attribute '(?P<attr>[^']*)' of '(?P<type>[^']*)' object is unsafe")


def _where(tb: TracebackType | None, environment: ReportEnvironment) -> tuple[str | None, bool, int | None]:
    """The innermost template in a traceback: (its name, whether it is the gemeente's own, its line)."""
    loader = environment.report_loader
    found: tuple[str | None, bool, int | None] = (None, False, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename in loader.own_files:
            found = (loader.own_files[filename], True, tb.tb_lineno)
        elif filename in loader.package_files:
            found = (Path(filename).relative_to(loader.package).as_posix(), False, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _own_in(tb: TracebackType | None, environment: ReportEnvironment) -> bool:
    while tb is not None:
        if tb.tb_frame.f_code.co_filename in environment.report_loader.own_files:
            return True
        tb = tb.tb_next
    return False


def template_error(exc: BaseException, environment: ReportEnvironment) -> OutputError | None:
    """A Dutch OutputError for an error in a template, or None for an error that is our own bug.

    Errors of Jinja (syntax, unknown name, sandbox) are always a template's fault; any other
    error counts as one when a template of the gemeente is on the stack.
    """
    name, own, line = _where(exc.__traceback__, environment)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        name, line = exc.name or name, exc.lineno
        own = exc.filename in environment.report_loader.own_files
    if not isinstance(exc, jinja2.TemplateError) and not _own_in(exc.__traceback__, environment):
        return None
    at = f", regel {line}" if line else ""
    subject = (f"Het sjabloon '{name}' (rapport.sjablonen{at})" if own
               else f"Het standaardsjabloon '{name or 'report.html'}'{' (' + at[2:] + ')' if at else ''}")
    advice = ("Pas het sjabloon aan in de map van rapport.sjablonen, of verwijder het om het standaardsjabloon te "
              "gebruiken." if own else "Controleer de eigen sjablonen in rapport.sjablonen (die kunnen het "
              "standaardsjabloon breken), of meld de fout.")
    fields = ("Eigen sjablonen mogen alleen de gepubliceerde gegevens van het rapport gebruiken (de namen die de "
              "standaardsjablonen gebruiken), geen interne gegevens van Python of ruwe resultaten van de berekening.")
    if isinstance(exc, RawResultRefused):
        problem = f"gebruikt gegevens die niet gepubliceerd worden: {exc.message}. {fields}"
    elif isinstance(exc, SecurityError):
        match = _UNSAFE.search(str(exc))
        detail = (f"het interne onderdeel '{match['attr']}' van een {match['type']}-object" if match else str(exc))
        problem = f"probeert iets te gebruiken wat in een sjabloon niet mag ({detail}). {fields}"
    elif isinstance(exc, jinja2.UndefinedError):
        message = exc.message or ""
        missing = re.fullmatch(r"'([^']*)' is undefined", message)
        detail = f"'{missing[1]}' bestaat niet" if missing else f"technische melding: {message}"
        problem = f"gebruikt een naam die het rapport niet kent ({detail}). {fields}"
    elif isinstance(exc, jinja2.TemplateSyntaxError):
        problem = f"is geen geldig sjabloon (technische melding: {exc.message})"
    elif isinstance(exc, jinja2.TemplateNotFound):
        problem = f"verwijst naar een sjabloon dat niet bestaat: '{exc.name}'"
    else:
        problem = f"gaf een fout bij het invullen ({type(exc).__name__}: {exc})"
    return OutputError(f"{subject} {problem}. {advice} Er is geen rapport geschreven.".replace(".. ", ". "))


def allowed_roots(extra: list[Path]) -> list[Path]:
    """Folders WeasyPrint may read from: the package's templates (fonts) and ``extra``."""
    return [templates_dir().resolve(), *(p.resolve() for p in extra)]


def local_only_fetcher(roots: list[Path]):
    """A WeasyPrint URL fetcher that serves files below ``roots`` and refuses everything else."""
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file:"):
                path = Path(unquote(urlsplit(url).path)).resolve()
                inside = any(path == root or root in path.parents for root in roots)
                with contextlib.suppress(OSError):
                    if inside and stat.S_ISREG(path.stat().st_mode):  # never a FIFO or device
                        return super().fetch(path.as_uri(), headers)
            elif url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"extern adres geweigerd: {url[:60]}")

    return LocalOnlyFetcher(allowed_protocols=("file", "data"))


def render_pdf(html: str, roots: list[Path] | None = None, report_date: dt.date | None = None) -> bytes:
    """The PDF of ``html``, byte-identical for identical input.

    WeasyPrint is given only the local-only URL fetcher (``roots``: by default the package's
    templates; the gemeente's logo and stylesheets are data: URIs in the HTML). Three things would otherwise vary per
    run: the PDF identifier (fixed here), the creation and modification dates in the PDF
    metadata (taken from ``report_date`` or else the ``dcterms.created`` meta tag the template
    writes from ``--datum``/``rapport.datum``), and the ``head.modified`` timestamp that
    fontTools writes into every embedded font subset (the clock, unless SOURCE_DATE_EPOCH is
    set; we set it to the report date for the duration of the rendering).
    """
    import weasyprint

    try:
        fetcher = local_only_fetcher(allowed_roots([]) if roots is None else roots)
        document = weasyprint.HTML(string=html, base_url=templates_dir().as_uri() + "/", url_fetcher=fetcher).render()
        created = report_date.isoformat() if report_date is not None else document.metadata.created
        document.metadata.created = created
        document.metadata.modified = created
        with _source_date_epoch(created):
            return document.write_pdf(
                pdf_identifier=b"poh-jeugd-evaluator", pdf_variant="pdf/ua-1", uncompressed_pdf=False
            )
    except OSError as exc:
        raise OutputError(f"De PDF kon niet worden gemaakt: {exc}.") from None


@contextlib.contextmanager
def _source_date_epoch(created: str | None):
    """Fix the clock fontTools reads (SOURCE_DATE_EPOCH) to the report date, then restore it."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    if previous is None:
        try:
            day = dt.date.fromisoformat(created[:10]) if created else dt.date(2000, 1, 1)
        except ValueError:
            day = dt.date(2000, 1, 1)
        moment = dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
