"""Rendering the report: an HTML snapshot of a small fixed pilot, and PDF smoke tests.

The PDF is checked for pages, text, tags and metadata (not bytes: WeasyPrint changes its
output between versions). Each chapter of the HTML has a syrupy snapshot (tests/__snapshots__/);
renew them with ``python -m pytest tests/test_render_report.py --snapshot-update`` after reading the diff.
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import pytest

from evaluator.report import render
from evaluator.report.context import CHAPTERS
from tests.builders import report_context
from evaluator.pipeline import evaluate

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "report" / "pilot.yaml"


@pytest.fixture(scope="module")
def context():
    return report_context(FIXTURE)


@pytest.fixture(scope="module")
def html(context) -> str:
    return render.render_html(context)


@pytest.fixture(scope="module")
def pdf(html) -> bytes:
    return render.render_pdf(html, render.allowed_roots([]))


def _stable(html: str) -> str:
    """The HTML without inline CSS and chart drawings (those depend on library versions)."""
    html = re.sub(r"<style>.*?</style>", "<style>…</style>", html, flags=re.S)
    return re.sub(r"<svg\b.*?</svg>", "<svg>…</svg>", html, flags=re.S)


def _chapters(html: str) -> dict[str, str]:
    """Each chapter's section of the page, by key."""
    starts = [(m.group(1), m.start()) for m in re.finditer(r'<section id="([a-z_-]+)" class="hoofdstuk', html)]
    ends = [start for _, start in starts[1:]] + [html.index("</main>") if "</main>" in html else len(html)]
    return {key: html[start:end] for (key, start), end in zip(starts, ends)}


@pytest.mark.parametrize("key", [chapter.key for chapter in CHAPTERS])
def test_chapter_matches_snapshot(html: str, key: str, snapshot) -> None:
    """One syrupy snapshot per chapter (a missing one fails); renew with --snapshot-update after checking."""
    assert _chapters(_stable(html))[key] == snapshot


def test_html_structure_and_language(html: str, context) -> None:
    assert '<html lang="nl">' in html
    levels = [int(m) for m in re.findall(r"<h([1-6])\b", html)]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, f"kopniveau springt van h{before} naar h{after}"
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "dubbele id's"
    for target in set(re.findall(r'href="#([^"]+)"', html)):
        assert target in ids, f"link naar onbekend anker #{target}"
    for number in context.figure_numbers.values():
        assert f"Figuur {number}." in html
    assert html.count('role="img" aria-label="') == len(context.charts)
    assert "Wat deze cijfers niet zeggen" in html and "Effect op verwijzingen" in html


def test_pdf_opens_has_pages_and_key_figures(pdf: bytes, context) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 15
    text = " ".join(page.extract_text() for page in reader.pages[:4])
    text = re.sub(r"\s+", " ", text)
    assert "Bestuurlijke samenvatting" in text and "Inhoud" in text
    assert context.key_figures[0].label in text
    assert "Geholpen zonder verwijzing" in text
    assert re.search(r"pagina 3 van \d+", text)


def test_pdf_is_tagged_with_language_and_metadata(pdf: bytes, context) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, "PDF is niet getagd"
    assert root["/MarkInfo"]["/Marked"]
    assert str(root["/Lang"]).lower().startswith("nl")
    assert reader.metadata.title == context.title
    assert reader.metadata.author == context.author
    struct = root["/StructTreeRoot"].get_object()
    kids = struct["/K"]
    assert kids, "lege structuurboom"
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8", "replace")
    assert "pdfuaid" in xmp


def test_one_template_can_be_overridden(tmp_path: Path, context) -> None:
    own = tmp_path / "sjablonen" / "chapters"
    own.mkdir(parents=True)
    (own / "inleiding.html").write_text("<p>Eigen inleiding van de gemeente over {{ municipality }}.</p>\n",
                                        encoding="utf-8")
    html = render.render_html(context, extra_dir=tmp_path / "sjablonen")
    assert "Eigen inleiding van de gemeente over Testgemeente." in html
    assert "Onderzoeksvragen</h3>" not in html  # the package's inleiding is replaced ...
    assert "Wat deze cijfers niet zeggen" in html  # ... the other chapters are not


def test_house_style_logo_colours_and_stylesheet(tmp_path: Path) -> None:
    import dataclasses

    from evaluator.inputs.config import load_pilot

    style = tmp_path / "huisstijl.css"
    style.write_text("h1.titel { letter-spacing: .02em; } /* huisstijl-marker */", encoding="utf-8")
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" '
                    'fill="#008800"/></svg>', encoding="utf-8")
    evaluation = evaluate(FIXTURE)
    report = evaluation.config.report.model_copy(update={
        "colours": evaluation.config.report.colours.model_copy(update={"primary": "#FFCC00"})})
    evaluation = dataclasses.replace(evaluation, config=evaluation.config.model_copy(update={"report": report}))
    context = report_context(evaluation)
    html = render.render_html(context, stylesheet=style, logo=logo)
    sheets = [base64.b64decode(b).decode("utf-8") for b in re.findall(r"data:text/css[^,]*;base64,([A-Za-z0-9+/=]+)", html)]
    assert any("huisstijl-marker" in sheet for sheet in sheets)
    assert logo.as_uri() not in html and 'src="data:image/svg+xml' in html  # the logo travels inside the page
    assert f"--primair: {context.colours['primair']}" in html and context.colours["primair"] != "#FFCC00"
    assert load_pilot(FIXTURE).report.title == context.title  # the PDF with a house style: test_template_safety.py


def test_missing_template_folder_is_a_clear_error(tmp_path: Path, context) -> None:
    from evaluator.errors import OutputError

    with pytest.raises(OutputError, match="sjablonen"):
        render.render_html(context, extra_dir=tmp_path / "bestaat-niet")
