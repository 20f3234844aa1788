"""Business case of a POH-jeugd pilot (issue 4): costs, savings, uncertainty, projection.

Public API:
- ``build_business_case(config, cohort, effect) -> BusinessCase | None``
- result dataclasses in ``results`` (``BusinessCase`` and its parts): numbers and codes only;
- ``load_default_tariffs()`` for the documented default tariff table.

Modules: ``parameters`` (inputs and their distributions), ``distributions``, ``tariffs``,
``savings`` (where savings come from; counts from the cohort's counting atoms), ``costs``,
``model`` (vectorised evaluation), ``montecarlo``, ``sensitivity`` (tornado), ``projection``,
``tables`` (payers, waterfall, heavy tails), ``notes`` (which assumptions and warnings apply,
as codes), ``build`` (orchestration). The report writes every sentence (report/prose/money.py).
"""

from evaluator.business_case.build import build_business_case
from evaluator.business_case.results import BusinessCase
from evaluator.business_case.tariffs import load_default_tariffs

__all__ = ["BusinessCase", "build_business_case", "load_default_tariffs"]
