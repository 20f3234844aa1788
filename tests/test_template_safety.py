"""The gemeente's own templates, stylesheet and logo cannot harm the machine or leak unpublished numbers.

Issue 9, point 5. A custom template (``rapport.sjablonen``) runs in Jinja's sandbox and sees only
published values: an attribute walk to ``os`` fails with a Dutch error naming the template and runs
nothing; stage results (``cohort``, ``effect``, ``business_case``) and the configuration are out of
reach. A custom stylesheet cannot close ``<style>`` (it is a ``data:`` link), and only regular files
below the pilot file's folder are read for ``rapport.stylesheet``, ``rapport.logo`` and
``rapport.sjablonen``: at load (ConfigError) and again at render (OutputError).
"""

from __future__ import annotations

import base64
import dataclasses
import io
import os
import re
import struct
import time
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.builders import SMALL_PILOT, SMALL_REGISTRATION, write_pilot
from evaluator.cli import app
from evaluator.errors import ConfigError, OutputError
from evaluator.inputs import report_files
from evaluator.inputs.config import load_pilot
from evaluator.pipeline import evaluate
from evaluator.report import render
from evaluator.report.context import ReportContext
from tests.builders import report_context
from evaluator.report.sandbox import is_published, make_environment

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "report" / "pilot.yaml"
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
       '<rect width="40" height="20" fill="#008800"/></svg>')
BREAKOUT = "h1 { color: red; }\n</style><script>alert(1)</script><style>\n<!-- --> </STYLE >"


def png(width: int = 8, height: int = 4) -> bytes:
    """A small valid PNG (green), written by hand so the test needs no image library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\x00\x88\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def context():
    return report_context(FIXTURE)


@pytest.fixture(scope="module")
def plain_html(context) -> str:
    return render.render_html(context)


def own_chapter(folder: Path, source: str, name: str = "chapters/inleiding.html") -> Path:
    """A pilot folder with a templates folder ``sjablonen`` holding one own template; returns the folder."""
    path = folder / "sjablonen" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    return folder


def render_own(context, folder: Path, **kwargs) -> str:
    return render.render_html(context, extra_dir=folder / "sjablonen", base=folder, **kwargs)


def chapter_text(html: str, key: str = "inleiding") -> str:
    start = html.index(f'<section id="{key}"')
    return html[start:html.index("</section>", start)]


def pilot_with(folder: Path, rapport: str) -> Path:
    """The small 12-trajectory pilot in ``folder``, with extra lines under ``rapport:``."""
    text = SMALL_PILOT.replace("rapport:\n", "rapport:\n" + "".join(f"  {line}\n" for line in rapport.splitlines()))
    return write_pilot(folder, text, SMALL_REGISTRATION)


def run(*args: str):
    return CliRunner().invoke(app, [*args])


# ---------------------------------------------------------------- the sandbox


ATTACKS = {
    "cycler": "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}",
    "lipsum": "{{ lipsum.__globals__['os'].system('touch MARKER') }}",
    "joiner": "{{ joiner.__init__.__globals__.__builtins__.__import__('subprocess').run(['touch', 'MARKER']) }}",
    "subclasses": "{% for c in ().__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "mro": "{{ chapters.__class__.mro() }}",
    "template_reference": "{{ self._TemplateReference__context.environment }}",
    "format": "{{ '{0.__class__.__init__.__globals__}'.format(chapters) }}",
    "attr_filter": "{{ (chapters | attr('__class__')).__subclasses__() }}",
    "mutation": "{% set x = [] %}{{ x.append(1) }}",
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_attribute_walks_to_python_internals_fail_cleanly_and_run_nothing(context, tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    folder = own_chapter(tmp_path / "pilot", ATTACKS[name])
    with pytest.raises(OutputError) as caught:
        render_own(context, folder)
    message = caught.value.message
    assert "Het sjabloon 'chapters/inleiding.html' (rapport.sjablonen, regel 1)" in message
    assert "niet mag" in message and "Er is geen rapport geschreven." in message
    assert "Traceback" not in message
    assert not (tmp_path / "MARKER").exists()


def test_an_attack_through_the_cli_exits_1_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    pilot = pilot_with(tmp_path / "pilot", "sjablonen: sjablonen")
    own_chapter(tmp_path / "pilot", ATTACKS["cycler"])
    out = tmp_path / "uit"
    result = run(str(pilot), "-o", str(out), "--format", "html,pdf,json", "--datum", "2024-06-30")
    assert result.exit_code == 1, result.output
    assert "Het sjabloon 'chapters/inleiding.html' (rapport.sjablonen, regel 1)" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "MARKER").exists()
    assert not out.exists() or not any(out.rglob("*")), "een half rapport is geschreven"


CONTEXT_FIELDS = {f.name for f in dataclasses.fields(ReportContext)}


@pytest.mark.parametrize("source, name", [
    ("{{ cohort.completed }}", "cohort"),
    ("{{ cohort }}", "cohort"),
    ("{{ effect.headline }}", "effect"),
    ("{{ business_case }}", "business_case"),
    ("{{ '%s' | format(cohort) }}", "cohort"),
    ("{{ cohort | string }}", "cohort"),
    ("{% for x in [effect] %}{{ x }}{% endfor %}", "effect"),
])
def test_stage_results_in_the_context_are_out_of_reach_of_own_templates(context, tmp_path, source, name):
    folder = own_chapter(tmp_path, source)
    with pytest.raises(OutputError) as caught:
        render_own(context, folder)
    message = caught.value.message
    if name in CONTEXT_FIELDS:  # still in ReportContext for the package's chapters: refused
        assert f"gebruikt gegevens die niet gepubliceerd worden: '{name}' is geen gepubliceerd gegeven" in message
    else:  # gone from the context altogether
        assert f"gebruikt een naam die het rapport niet kent ('{name}' bestaat niet)" in message
    assert "Eigen sjablonen mogen alleen de gepubliceerde gegevens van het rapport gebruiken" in message


@pytest.fixture(scope="module")
def evaluation():
    return evaluate(FIXTURE)


def sandbox(tmp_path: Path, own: dict[str, str], package: dict[str, str]):
    """The report environment with a stand-in folder for the package's (trusted) templates."""
    for folder, files in (("sjablonen", own), ("pakket", package)):
        (tmp_path / folder).mkdir(exist_ok=True)
        for name, source in files.items():
            (tmp_path / folder / name).write_text(source, encoding="utf-8")
    environment = make_environment(tmp_path / "sjablonen", tmp_path)
    environment.report_loader.package = tmp_path / "pakket"
    return environment


def render_in(environment, name: str, **values) -> str:
    try:
        return environment.get_template(name).render(**values)
    except Exception as exc:
        raise (render.template_error(exc, environment) or exc) from None


RAW: dict[str, object] = {}


@dataclasses.dataclass(frozen=True)
class StandIn:
    """Stands for a report-layer object whose fields are published but which (wrongly) hands out a
    stage result through a property or a method."""

    key: str = "cohort"

    @property
    def cohort(self) -> object:
        return RAW[self.key]

    def raw(self) -> object:
        return RAW[self.key]

    def __getitem__(self, key: str) -> object:
        return RAW[key]


StandIn.__module__ = "evaluator.report.stand_in"

RAW_ROUTES = {
    "name": "{{ cohort }}",
    "attribute": "{{ view.cohort }}",
    "item": "{{ view['cohort'] }}",
    "dict": "{{ results['cohort'] }}",
    "call": "{{ view.raw() }}",
    "attr_filter": "{{ view | attr('cohort') }}",
    "groupby_filter": "{% for g in [view] | groupby('cohort') %}{{ g.grouper }}{% endfor %}",
    "map_filter": "{{ [view] | map(attribute='cohort') | first }}",
    "loop": "{% for x in [cohort] %}{{ x }}{% endfor %}",
    "from_import": "{% from 'vertrouwd.html' import raw with context %}{{ raw | string }}",
    "import": "{% import 'vertrouwd.html' as t with context %}{{ t.raw }}",
    "configuration": "{{ pilot }}",
    "frame": "{{ frame }}",
}


@pytest.mark.parametrize("route", sorted(RAW_ROUTES))
def test_own_templates_get_no_stage_result_by_any_route(tmp_path, evaluation, route):
    import polars as pl

    trusted = "{% set raw = cohort %}<p>afgerond: {{ cohort.completed }}</p>"
    environment = sandbox(tmp_path, {"eigen.html": RAW_ROUTES[route]}, {"vertrouwd.html": trusted})
    RAW["cohort"] = evaluation.cohort
    values = {"cohort": evaluation.cohort, "view": StandIn(), "results": {"cohort": evaluation.cohort},
              "pilot": evaluation.config, "frame": pl.DataFrame({"a": [1]})}
    with pytest.raises(OutputError, match="Het sjabloon 'eigen.html' \\(rapport.sjablonen, regel 1\\) gebruikt "
                                          "gegevens die niet gepubliceerd worden"):
        render_in(environment, "eigen.html", **values)
    # the trusted template may use them, also when an own template includes it
    expected = f"<p>afgerond: {evaluation.cohort.completed}</p>"
    assert render_in(environment, "vertrouwd.html", **values) == expected
    (tmp_path / "sjablonen" / "eigen.html").write_text("{% include 'vertrouwd.html' %}", encoding="utf-8")
    assert render_in(sandbox(tmp_path, {}, {}), "eigen.html", **values) == expected


@pytest.mark.parametrize("name", ["config", "evaluation", "dataset", "pub", "environment", "os"])
def test_names_outside_the_documented_context_do_not_exist(context, tmp_path, name):
    folder = own_chapter(tmp_path, f"<p>{{{{ {name} }}}}</p>")
    with pytest.raises(OutputError, match=f"gebruikt een naam die het rapport niet kent \\('{name}' bestaat niet\\)"):
        render_own(context, folder)


def test_stage_results_look_undefined_to_own_templates(tmp_path, evaluation):
    source = "<p>{{ 'zichtbaar' if cohort is defined else 'onzichtbaar' }}</p>"
    environment = sandbox(tmp_path, {"eigen.html": source}, {"vertrouwd.html": source})
    assert render_in(environment, "eigen.html", cohort=evaluation.cohort) == "<p>onzichtbaar</p>"
    assert render_in(environment, "vertrouwd.html", cohort=evaluation.cohort) == "<p>zichtbaar</p>"


def test_the_package_templates_keep_their_access_next_to_an_own_template(context, tmp_path, plain_html):
    folder = own_chapter(tmp_path, "<p>Eigen inleiding.</p>\n")
    html = render_own(context, folder)
    assert "<p>Eigen inleiding.</p>" in chapter_text(html)
    for key in ("bereik", "uitkomsten", "effect", "kosten", "methoden"):
        assert chapter_text(html, key) == chapter_text(plain_html, key)


def test_a_normal_own_template_uses_published_fields_filters_and_macros(context, tmp_path):
    source = """{% import "_macros.html" as m %}
<p>Gemeente {{ municipality }}, {{ period_start | datum }}, {{ 1234.5 | getal(1) }}, {{ 0.25 | procent }}.</p>
<p>Titel: {{ title }}. Kerncijfers: {{ key_figures | length }}.</p>
<ol>{% for chapter in chapters if not chapter.appendix %}<li>{{ chapter.title }}</li>{% endfor %}</ol>
{{ m.table(tables | dictsort | first | last) }}
{% set ns = namespace(n=0) %}{% for k in range(3) %}{% set ns.n = ns.n + k %}{% endfor %}<p>{{ ns.n }}</p>
{% include "chapters/begrippen.html" %}
"""
    html = render_own(context, own_chapter(tmp_path, source))
    text = chapter_text(html)
    assert "<p>Gemeente Testgemeente, 1 april 2023, 1.234,5, 25%.</p>" in text
    assert f"<p>Titel: {context.title}. Kerncijfers: {len(context.key_figures)}.</p>" in text
    assert "<li>Inleiding</li>" in text and "<table" in text and "<p>3</p>" in text
    assert context.glossary[0][0] in text  # the package's chapter included from an own template


def test_an_own_base_template_is_untrusted_too(context, tmp_path):
    source = "<!DOCTYPE html><title>{{ effect }}</title>{% block body %}{% endblock %}"
    folder = own_chapter(tmp_path, source, name="base.html")
    with pytest.raises(OutputError, match="'base.html' \\(rapport.sjablonen, regel 1\\) gebruikt (gegevens|een naam)"):
        render_own(context, folder)


@pytest.mark.parametrize("source, expected", [
    ("<p>\n{% for x in %}</p>", "is geen geldig sjabloon"),
    ("<p>{% include 'chapters/bestaat-niet.html' %}</p>", "verwijst naar een sjabloon dat niet bestaat"),
    ("<p>{% include '../../pilot.yaml' %}</p>", "verwijst naar een sjabloon dat niet bestaat"),
    ("<p>{% include '/etc/passwd' %}</p>", "verwijst naar een sjabloon dat niet bestaat"),
    ("<p>{{ 1 / 0 }}</p>", "gaf een fout bij het invullen (ZeroDivisionError"),
])
def test_other_template_errors_are_dutch_and_name_the_file(context, tmp_path, source, expected):
    folder = own_chapter(tmp_path, source)
    with pytest.raises(OutputError) as caught:
        render_own(context, folder)
    assert caught.value.message.startswith("Het sjabloon 'chapters/inleiding.html' (rapport.sjablonen")
    assert expected in caught.value.message


def test_the_published_values_rule(context, evaluation):
    assert is_published(context.tables) and is_published(context.key_figures) and is_published(context.chapters)
    assert not is_published(evaluation.cohort) and not is_published(evaluation.effect)
    assert is_published(StandIn()) and not is_published({"cohort": evaluation.cohort})
    assert not is_published((1, {"a": evaluation.cohort})) and not is_published(Path("/etc/passwd"))
    assert not is_published(load_pilot(FIXTURE)) and not is_published(os.system)


# ---------------------------------------------------------------- template files


def test_an_own_template_linked_outside_the_pilot_folder_is_refused(context, tmp_path):
    secret = tmp_path / "geheim.html"
    secret.write_text("GEHEIM", encoding="utf-8")
    folder = tmp_path / "pilot"
    own_chapter(folder, "x")
    target = folder / "sjablonen" / "chapters" / "inleiding.html"
    target.unlink()
    target.symlink_to(secret)
    with pytest.raises(OutputError) as caught:
        render_own(context, folder)
    assert caught.value.message.startswith("rapport.sjablonen: 'chapters/inleiding.html' is een koppeling naar")
    assert "buiten de map van het pilotbestand" in caught.value.message


def test_an_own_template_that_is_a_fifo_is_refused_without_blocking(context, tmp_path):
    folder = own_chapter(tmp_path, "x")
    target = folder / "sjablonen" / "chapters" / "inleiding.html"
    target.unlink()
    os.mkfifo(target)
    started = time.monotonic()
    with pytest.raises(OutputError, match="rapport.sjablonen: 'chapters/inleiding.html' is een FIFO"):
        render_own(context, folder)
    assert time.monotonic() - started < 30


def test_an_own_report_css_in_the_templates_folder_is_escaped_inside_style(context, tmp_path):
    own_css = (render.templates_dir() / "css" / "report.css").read_text(encoding="utf-8") + BREAKOUT
    folder = own_chapter(tmp_path, own_css, name="css/report.css")
    html = render_own(context, folder)
    assert html.count("<script") == 0 and "</STYLE" not in html
    head = html[:html.index("</head>")]
    assert head.count("</style>") == 1 and '<link rel="stylesheet"' not in head
    style = re.search(r"<style>(.*?)</style>", html, flags=re.S)[1]
    assert "\\3c /style>\\3c script>alert(1)\\3c /script>" in style and "@font-face" in style


def test_fonts_of_an_own_report_css_still_load_in_the_pdf(context, tmp_path):
    from pypdf import PdfReader

    own_css = (render.templates_dir() / "css" / "report.css").read_text(encoding="utf-8")
    folder = own_chapter(tmp_path, own_css + "\n/* eigen */\n", name="css/report.css")
    reader = PdfReader(io.BytesIO(render.render_pdf(render_own(context, folder))))
    fonts = {str(font.get_object()["/BaseFont"]) for font in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any(name.endswith("+Rapport-Sans") for name in fonts), fonts  # not a fallback font


@pytest.mark.parametrize("value, expected", [
    ("/etc", "ligt buiten de map van het pilotbestand"),
    ("../buiten", "ligt buiten de map van het pilotbestand"),
    ("koppeling", "is een koppeling naar"),
    ("bestand.html", "is geen map"),
    ("bestaat-niet", "bestaat niet"),
])
def test_the_templates_folder_must_lie_below_the_pilot_folder(tmp_path, value, expected):
    (tmp_path / "buiten").mkdir()
    folder = tmp_path / "pilot"
    pilot = pilot_with(folder, f"sjablonen: {value}")
    (folder / "koppeling").symlink_to(tmp_path / "buiten")
    (folder / "bestand.html").write_text("x", encoding="utf-8")
    result = run(str(pilot), "--check")
    assert result.exit_code == 1
    assert f"rapport.sjablonen: '{value}' {expected}" in result.output
    with pytest.raises(ConfigError, match="rapport.sjablonen"):
        load_pilot(pilot)


# ---------------------------------------------------------------- the stylesheet


def test_a_stylesheet_cannot_break_out_of_style(context, tmp_path, plain_html):
    (tmp_path / "huisstijl.css").write_text(BREAKOUT, encoding="utf-8")
    html = render.render_html(context, stylesheet=tmp_path / "huisstijl.css", base=tmp_path)
    assert html.count("<script") == plain_html.count("<script") == 0
    assert "alert(1)" not in html and "</STYLE" not in html
    link = re.search(r'<link rel="stylesheet" href="data:text/css;charset=utf-8;base64,([A-Za-z0-9+/=]+)">', html)
    assert base64.b64decode(link[1]).decode("utf-8") == BREAKOUT
    assert html.index("</style>") < link.start() < html.index("</head>")  # after the package CSS


def test_css_inside_style_is_escaped():
    escaped = render.style_text("a{}</style><script>x</script><!-- --> p::before { content: '<' }")
    assert "<" not in escaped
    assert escaped == "a{}\\3c /style>\\3c script>x\\3c /script>\\3c !-- --> p::before { content: '\\3c ' }"


def _stylesheet_cases(folder: Path, outside: Path) -> None:
    outside.mkdir(exist_ok=True)
    (outside / "buiten.css").write_text("h1 {}", encoding="utf-8")
    (folder / "koppeling.css").symlink_to(outside / "buiten.css")
    (folder / "nul.css").symlink_to("/dev/zero")
    os.mkfifo(folder / "fifo.css")
    (folder / "map.css").mkdir()
    (folder / "latin1.css").write_bytes("h1 { font-family: 'Caf\xe9'; }".encode("latin-1"))
    (folder / "groot.css").write_bytes(b"/*" + b"x" * report_files.MAX_STYLESHEET_BYTES + b"*/")


STYLESHEET_CASES = [
    ("/etc/passwd", "ligt buiten de map van het pilotbestand"),
    ("../buiten/buiten.css", "ligt buiten de map van het pilotbestand"),
    ("koppeling.css", "is een koppeling naar"),
    ("nul.css", "is een koppeling naar '/dev/zero'"),
    ("fifo.css", "is een FIFO (named pipe), geen gewoon bestand"),
    ("map.css", "is een map, geen gewoon bestand"),
    ("latin1.css", "is geen UTF-8-tekst. Sla het bestand op als UTF-8."),
    ("groot.css", "is te groot (hoogstens 1.000 kB)"),
    ("bestaat-niet.css", "bestaat niet"),
]


@pytest.mark.parametrize("value, expected", STYLESHEET_CASES)
def test_a_stylesheet_outside_the_pilot_folder_or_not_a_text_file_is_refused_at_load(tmp_path, value, expected):
    folder = tmp_path / "pilot"
    pilot = pilot_with(folder, f"stylesheet: {value}")
    _stylesheet_cases(folder, tmp_path / "buiten")
    started = time.monotonic()
    result = run(str(pilot), "--check")
    assert time.monotonic() - started < 60
    assert result.exit_code == 1, result.output
    assert re.search(r"Het pilotbestand '.*pilot.yaml' \(regel \d+\), rapport.stylesheet: ", result.output)
    assert f"rapport.stylesheet: '{value}' {expected}" in result.output


@pytest.mark.parametrize("value, expected", STYLESHEET_CASES)
def test_the_stylesheet_is_checked_again_at_render(context, tmp_path, value, expected):
    folder = tmp_path / "pilot"
    folder.mkdir()
    _stylesheet_cases(folder, tmp_path / "buiten")
    path = Path(value) if value.startswith("/") else folder / value
    with pytest.raises(OutputError) as caught:
        render.render_html(context, stylesheet=path, base=folder)
    assert caught.value.message.startswith("rapport.stylesheet: ") and expected in caught.value.message


def test_a_device_in_the_pilot_folder_is_refused(tmp_path):
    device = tmp_path / "apparaat.css"
    try:
        os.mknod(device, 0o600 | 0o020000, os.makedev(1, 5))  # a character device like /dev/zero
    except (PermissionError, OSError):
        pytest.skip("geen rechten om een apparaatbestand te maken")
    with pytest.raises(ConfigError, match="rapport.stylesheet: 'apparaat.css' is een apparaat, geen gewoon bestand"):
        report_files.read_stylesheet(Path("apparaat.css"), tmp_path, shown="apparaat.css")


def test_a_stylesheet_swapped_for_a_link_after_loading_is_refused_at_render(tmp_path):
    folder = tmp_path / "pilot"
    pilot = pilot_with(folder, "stylesheet: huisstijl.css")
    (folder / "huisstijl.css").write_text("h1 {}", encoding="utf-8")
    evaluation = evaluate(pilot)
    context, config = report_context(evaluation), evaluation.config
    (folder / "huisstijl.css").unlink()
    (folder / "huisstijl.css").symlink_to("/etc/passwd")
    with pytest.raises(OutputError, match="rapport.stylesheet: .* buiten de map van het pilotbestand"):
        render.render_html(context, stylesheet=config.report.stylesheet, base=folder)


# ---------------------------------------------------------------- the logo


def _logo_cases(folder: Path, outside: Path) -> None:
    outside.mkdir(exist_ok=True)
    (outside / "logo.png").write_bytes(png())
    (folder / "koppeling.png").symlink_to(outside / "logo.png")
    os.mkfifo(folder / "fifo.png")
    (folder / "tekst.png").write_text("geen plaatje", encoding="utf-8")
    (folder / "logo.gif").write_bytes(b"GIF89a")
    (folder / "script.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                                       encoding="utf-8")
    (folder / "onload.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', encoding="utf-8")
    (folder / "entiteit.svg").write_text('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>'
                                         '<svg xmlns="http://www.w3.org/2000/svg">&a;</svg>', encoding="utf-8")
    (folder / "groot.png").write_bytes(png() + b"\x00" * report_files.MAX_LOGO_BYTES)


LOGO_CASES = [
    ("/etc/passwd", "ligt buiten de map van het pilotbestand"),
    ("../buiten/logo.png", "ligt buiten de map van het pilotbestand"),
    ("koppeling.png", "is een koppeling naar"),
    ("fifo.png", "is een FIFO (named pipe), geen gewoon bestand"),
    ("tekst.png", "is geen PNG-afbeelding"),
    ("logo.gif", "is geen PNG-, JPEG- of SVG-bestand"),
    ("script.svg", "bevat script"),
    ("onload.svg", "bevat script"),
    ("entiteit.svg", "bevat script, een eigen entiteit of ingebedde HTML"),
    ("groot.png", "is te groot"),
]


@pytest.mark.parametrize("value, expected", LOGO_CASES)
def test_a_logo_outside_the_pilot_folder_or_not_an_image_is_refused_at_load(tmp_path, value, expected):
    folder = tmp_path / "pilot"
    pilot = pilot_with(folder, f"logo: {value}")
    _logo_cases(folder, tmp_path / "buiten")
    result = run(str(pilot), "--check")
    assert result.exit_code == 1, result.output
    assert f"rapport.logo: '{value}' {expected}" in result.output


@pytest.mark.parametrize("value, expected", LOGO_CASES)
def test_the_logo_is_checked_again_at_render(context, tmp_path, value, expected):
    folder = tmp_path / "pilot"
    folder.mkdir()
    _logo_cases(folder, tmp_path / "buiten")
    path = Path(value) if value.startswith("/") else folder / value
    with pytest.raises(OutputError) as caught:
        render.render_html(context, logo=path, base=folder)
    assert caught.value.message.startswith("rapport.logo: ") and expected in caught.value.message


def test_the_logo_is_an_img_with_a_data_uri_never_inline_svg(context, tmp_path, plain_html):
    (tmp_path / "logo.svg").write_text(SVG, encoding="utf-8")
    html = render.render_html(context, logo=tmp_path / "logo.svg", base=tmp_path)
    expected = "data:image/svg+xml;base64," + base64.b64encode(SVG.encode("utf-8")).decode("ascii")
    assert f'<img src="{expected}"' in html
    assert 'fill="#008800"' not in html and "file:" not in html
    assert html.count("<svg") == plain_html.count("<svg")  # the charts only


# ---------------------------------------------------------------- what still works


def test_a_normal_stylesheet_logo_and_template_work_in_html_and_pdf(tmp_path):
    from pypdf import PdfReader

    folder = tmp_path / "pilot"
    pilot = pilot_with(folder, "stylesheet: huisstijl/huisstijl.css\nlogo: huisstijl/logo.png\nsjablonen: sjablonen")
    (folder / "huisstijl").mkdir()
    (folder / "huisstijl" / "huisstijl.css").write_text(
        "h1.titel { letter-spacing: .02em; }\n.omslag .gemeente::after { content: ' HUISSTIJL-ACTIEF'; }\n",
        encoding="utf-8")
    (folder / "huisstijl" / "logo.png").write_bytes(png())
    own_chapter(folder, "<p>Eigen inleiding over {{ municipality }}.</p>\n")
    out = tmp_path / "uit"
    result = run(str(pilot), "-o", str(out), "--format", "html,pdf", "--datum", "2024-06-30")
    assert result.exit_code == 0, result.output
    html = (out / "rapport.html").read_text(encoding="utf-8")
    assert "<p>Eigen inleiding over Testgemeente.</p>" in html
    assert '<img src="data:image/png;base64,' in html
    assert 'href="data:text/css;charset=utf-8;base64,' in html and "file:" not in html
    reader = PdfReader(io.BytesIO((out / "rapport.pdf").read_bytes()))
    first = reader.pages[0]
    assert "HUISSTIJL-ACTIEF" in first.extract_text()  # WeasyPrint applied the data: stylesheet
    images = [x for x in first["/Resources"].get("/XObject", {}).values()
              if x.get_object().get("/Subtype") == "/Image"]
    assert images, "het logo staat niet op het voorblad van de PDF"
    assert "Eigen inleiding over Testgemeente." in " ".join(p.extract_text() for p in reader.pages[:4])


def test_the_example_reports_render_the_same_without_own_files(plain_html):
    assert '<link rel="stylesheet"' not in plain_html and "<script" not in plain_html


def test_the_render_fields_are_documented():
    assert set(render.RENDER_FIELDS) == {"css", "stylesheets", "logo_uri"}
    base = (render.templates_dir() / "base.html").read_text(encoding="utf-8")
    assert "extra_css" not in base and "{% for href in stylesheets %}" in base
