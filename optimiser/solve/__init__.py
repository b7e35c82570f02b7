"""Handing the model to HiGHS and reading the answer back. Only optimiser.solve.highs touches the
highspy object."""
