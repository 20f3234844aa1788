"""Stage "compare": several pilots side by side, with pooled estimates, heterogeneity and traits."""

from evaluator.compare.pooling import (Comparison, Exclusion, MetaRegression, PilotRow, Pooled, PooledEstimate,
                                       compare_pilots, pool)
from evaluator.compare.traits import TraitEffect

__all__ = ["Comparison", "Exclusion", "MetaRegression", "PilotRow", "Pooled", "PooledEstimate", "TraitEffect",
           "compare_pilots", "pool"]
