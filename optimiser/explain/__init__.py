"""Explaining a solved run: which rules bind and what one more unit of each limit is worth (with
the interval over which that holds), near-binding rules, the price of each rule, why candidate
projects went unfunded, and, when no plan exists, which rules conflict and the smallest relaxation
that would allow one. One module per concern; all of them read the run, none touches HiGHS
(optimiser.solve.highs does)."""
