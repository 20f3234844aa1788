"""POH-jeugd evaluator: evaluates a gemeente's POH-jeugd pilot on evidence.

The stages are modules: config, load, validate, cohort, effect, business_case,
compare, report_context, render; ``pipeline.run`` calls them in order.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("poh-jeugd-evaluator")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.1.0"
