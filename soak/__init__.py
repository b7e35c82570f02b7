"""python -m soak: the plan properties on many random instances (see __main__.py)."""
