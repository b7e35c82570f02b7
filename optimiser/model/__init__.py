"""The allocation model: run inputs prepared from a dataset, the Pyomo model built from them by
the rule families, and the objective."""
