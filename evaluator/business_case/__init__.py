"""Business case of a POH-jeugd pilot (issue 4): costs, savings, uncertainty, projection.

Public API:
- ``build_business_case(config, dataset, effect) -> BusinessCase | None``
- result dataclasses in ``results`` (``BusinessCase`` and its parts);
- ``load_default_tariffs()`` for the documented default tariff table.

Modules: ``parameters`` (inputs and their distributions), ``distributions``, ``tariffs``,
``savings`` (where savings come from), ``costs``, ``model`` (vectorised evaluation),
``montecarlo``, ``sensitivity`` (tornado), ``projection``, ``tables`` (payers, waterfall,
heavy tails), ``texts``/``narrative`` (Dutch sentences), ``build`` (orchestration).
"""

from evaluator.business_case.build import build_business_case
from evaluator.business_case.results import BusinessCase
from evaluator.business_case.tariffs import load_default_tariffs

__all__ = ["BusinessCase", "build_business_case", "load_default_tariffs"]
