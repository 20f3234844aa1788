"""The HTML report in a real headless browser: no console errors, no horizontal overflow,
and no serious or critical accessibility violations (axe-core, vendored under tests/vendor).

Needs Debian's Chromium at /usr/bin/chromium (``apt-get install chromium``); skipped otherwise.
Chromium runs without network access to anything but the local file.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from evaluator.report import render
from evaluator.pipeline import evaluate
from evaluator.report.context import build_context

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "report" / "pilot.yaml"
AXE = HERE / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium ontbreekt (/usr/bin/chromium); installeer met "
                                                      "'apt-get install chromium' om de browsertest te draaien"),
]

EARLY = """<script>
window.__errors = [];
window.addEventListener('error', e => window.__errors.push(String(e.message || e)));
const __origError = console.error;
console.error = (...a) => { window.__errors.push(a.join(' ')); __origError(...a); };
</script>"""

LATE = """<script src="axe.min.js"></script>
<script>
(async () => {
  const out = {errors: window.__errors};
  const width = document.documentElement.clientWidth;
  out.scrollWidth = document.documentElement.scrollWidth;
  out.clientWidth = width;
  out.overflowing = [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && el.offsetParent !== null
                  && !el.closest('.overslaan'))
    .slice(0, 10).map(el => el.tagName + '#' + el.id + '.' + el.className);
  try {
    const r = await axe.run(document, {resultTypes: ['violations']});
    out.violations = r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
                                            target: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
  } catch (e) { out.axeError = String(e); }
  const pre = document.createElement('pre');
  pre.id = 'testresultaat';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    html = render.render_html(build_context(evaluate(FIXTURE)))
    html = html.replace("</head>", EARLY + "</head>", 1).replace("</body>", LATE + "</body>", 1)
    shutil.copy(AXE, folder / "axe.min.js")
    path = folder / "rapport.html"
    path.write_text(html, encoding="utf-8")
    return path


def _run(page: Path, width: int) -> tuple[dict, str]:
    profile = page.parent / f"profiel-{width}"
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
               f"--user-data-dir={profile}", f"--window-size={width},900", "--virtual-time-budget=20000",
               "--enable-logging=stderr", "--v=0", "--allow-file-access-from-files", "--dump-dom", page.as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    found = re.search(r'<pre id="testresultaat">(.*?)</pre>', done.stdout, re.S)
    assert found, f"geen testresultaat van Chromium; stderr: {done.stderr[-2000:]}"
    import html as html_lib

    return json.loads(html_lib.unescape(found.group(1))), done.stderr


@pytest.mark.parametrize("width", [1280, 390])
def test_report_in_browser(page: Path, width: int) -> None:
    result, stderr = _run(page, width)
    assert not result.get("axeError"), result.get("axeError")
    assert result["errors"] == [], f"fouten in de console: {result['errors']}"
    console_errors = [line for line in stderr.splitlines() if "CONSOLE" in line and ":ERROR:" in line]
    assert not console_errors, console_errors
    assert result["scrollWidth"] <= result["clientWidth"], f"horizontale overloop: {result['overflowing']}"
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, json.dumps(serious, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("name", ["steenwijkerland", "tilburg", "groningen"])
def test_example_reports_in_browser(tmp_path: Path, name: str) -> None:
    """The three example reports themselves: the full chapters, charts and tables of real-sized pilots."""
    pilot = HERE.parent / "pilots" / f"{name}.yaml"
    html = render.render_html(build_context(evaluate(pilot)))
    html = html.replace("</head>", EARLY + "</head>", 1).replace("</body>", LATE + "</body>", 1)
    shutil.copy(AXE, tmp_path / "axe.min.js")
    path = tmp_path / "rapport.html"
    path.write_text(html, encoding="utf-8")
    result, _ = _run(path, 1280)
    assert not result.get("axeError"), result.get("axeError")
    assert result["errors"] == [], f"fouten in de console: {result['errors']}"
    assert result["scrollWidth"] <= result["clientWidth"], f"horizontale overloop: {result['overflowing']}"
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, json.dumps(serious, indent=1, ensure_ascii=False)
    print(name, "axe:", [(v["id"], v["impact"], v["nodes"]) for v in result["violations"]])
