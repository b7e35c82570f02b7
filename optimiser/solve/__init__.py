"""Handing the model to HiGHS and reading the answer back. Only optimiser.solve.highs touches the
highspy object."""

from optimiser.solve.scipy_parts import narrow

narrow()  # before optimiser.solve.highs imports scipy
