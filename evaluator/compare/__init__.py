"""Stage "compare": several pilots side by side, with pooled estimates and heterogeneity."""

from evaluator.compare.pooling import Comparison, PilotRow, PooledEstimate, compare_pilots, pool_random_effects

__all__ = ["Comparison", "PilotRow", "PooledEstimate", "compare_pilots", "pool_random_effects"]
