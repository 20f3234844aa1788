"""Stage 6: the report as HTML and PDF, and the results file, from prepared objects.

One jinja Environment, strict from day one (autoescape, StrictUndefined), with the nl_NL
filters of ``formatting``. Templates come from the gemeente's own folder first
(``rapport.sjablonen``), then from the package, so a single template can be overridden
without copying the others. WeasyPrint gets a URL fetcher that serves only local files
from the template folders and the gemeente's logo and stylesheet: nothing leaves the machine.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
from pathlib import Path

import jinja2
from markupsafe import Markup

from evaluator.errors import OutputError
from evaluator.report.formatting import FILTERS
from evaluator.vocabulary import label
from evaluator.report.context import ReportContext


def templates_dir() -> Path:
    package = Path(__file__).resolve().parents[1]
    installed = package / "_templates"
    return installed if installed.is_dir() else package.parent / "templates"


def make_environment(extra_dir: Path | None = None) -> jinja2.Environment:
    search = [str(extra_dir)] if extra_dir else []
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search + [str(templates_dir())]),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(FILTERS)
    environment.filters["label"] = label
    # Chart SVG is made by our own matplotlib code (charts.py), never from user input.
    environment.filters["svg"] = Markup
    return environment


# Names the renderer adds next to the ReportContext fields (documented like them; see the contract test).
RENDER_FIELDS: dict[str, str] = {
    "css": "De standaardopmaak (templates/css/report.css, of die uit rapport.sjablonen).",
    "extra_css": "Het extra stijlblad van de gemeente (rapport.stylesheet), na de standaardopmaak.",
    "logo_uri": "file:-adres van het logo van de gemeente (rapport.logo), of None.",
}


def _stylesheet(extra_dir: Path | None) -> str:
    """The report CSS; a gemeente's template folder may hold its own css/report.css."""
    for folder in ([extra_dir] if extra_dir else []) + [templates_dir()]:
        path = folder / "css" / "report.css"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise OutputError("De opmaak (css/report.css) ontbreekt in de sjablonenmap.")


def render_html(context: ReportContext, extra_dir: Path | None = None, stylesheet: Path | None = None,
                logo: Path | None = None) -> str:
    """The report as one self-contained HTML page (CSS inline, SVG charts inline)."""
    environment = make_environment(extra_dir)
    fields = {f.name: getattr(context, f.name) for f in dataclasses.fields(context)}
    try:
        extra_css = stylesheet.read_text(encoding="utf-8") if stylesheet else ""
    except OSError as exc:
        raise OutputError(f"Het stijlblad '{stylesheet}' kan niet worden gelezen: {exc.strerror}. "
                          "Controleer rapport.stylesheet in het pilotbestand.") from None
    if extra_dir is not None and not extra_dir.is_dir():
        raise OutputError(f"De sjablonenmap '{extra_dir}' bestaat niet. Controleer rapport.sjablonen in het pilotbestand.")
    template = environment.get_template("report.html")
    return template.render(
        **fields,
        css=Markup(_stylesheet(extra_dir)),
        extra_css=Markup(extra_css),
        logo_uri=logo.as_uri() if logo else None,
    )


def allowed_roots(extra: list[Path]) -> list[Path]:
    return [templates_dir().resolve(), *(p.resolve() for p in extra)]


def local_only_fetcher(roots: list[Path]):
    """A WeasyPrint URL fetcher that serves files below ``roots`` and refuses everything else."""
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file:"):
                path = Path(unquote(urlsplit(url).path)).resolve()
                if any(path == root or root in path.parents for root in roots):
                    return super().fetch(url, headers)
            elif url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"extern adres geweigerd: {url[:60]}")

    return LocalOnlyFetcher(allowed_protocols=("file", "data"))


def render_pdf(html: str, roots: list[Path], report_date: dt.date | None = None) -> bytes:
    """The PDF of ``html``, byte-identical for identical input.

    WeasyPrint is given only the local-only URL fetcher. Three things would otherwise vary per
    run: the PDF identifier (fixed here), the creation and modification dates in the PDF
    metadata (taken from ``report_date`` or else the ``dcterms.created`` meta tag the template
    writes from ``--datum``/``rapport.datum``), and the ``head.modified`` timestamp that
    fontTools writes into every embedded font subset (the clock, unless SOURCE_DATE_EPOCH is
    set; we set it to the report date for the duration of the rendering).
    """
    import weasyprint

    try:
        document = weasyprint.HTML(
            string=html, base_url=templates_dir().as_uri() + "/", url_fetcher=local_only_fetcher(roots)
        ).render()
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
