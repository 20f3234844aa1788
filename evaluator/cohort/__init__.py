"""Stage "cohort": what the registration says about the children reached."""

from evaluator.cohort.describe import CohortResult, describe_cohort

__all__ = ["CohortResult", "describe_cohort"]
