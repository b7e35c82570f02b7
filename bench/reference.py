"""The reference: the same model handed to HiGHS directly, with no Pyomo in between.

After a measured run, the model HiGHS was given (its matrix, bounds, costs and integrality) and
the stages' objectives are saved as numpy arrays. The reference then builds a HighsLp from those
arrays alone, passes it to a fresh HiGHS, and solves it the same way (each priority stage, held,
then the objective; the same method for a MIP). Its hand-over is the least any modelling layer
could cost; its solve is the solver's time on exactly this model. The gap between our build plus
hand-over and the reference's hand-over is what Pyomo costs."""

from __future__ import annotations

import time
from pathlib import Path

import highspy
import numpy as np
import scipy.sparse as sp

from optimiser.solve.quiet import new_highs
from optimiser.solve.runs import relaxes, set_objective, solve_once, solve_stage


def save(held, path: Path) -> Path:
    """The model `held` (an optimiser.solve.highs.HighsModel) was given, as numpy arrays."""
    lp = held.highs.getLp()
    n, m = len(held.columns), held.num_rows
    matrix = sp.csc_matrix(
        (
            np.asarray(lp.a_matrix_.value_),
            np.asarray(lp.a_matrix_.index_),
            np.asarray(lp.a_matrix_.start_),
        ),
        shape=(lp.num_row_, lp.num_col_),
    )[:m, :n].tocsc()  # without the rows and columns a solve added (stage floors)
    stages = held.stage_objectives()
    np.savez(
        path,
        start=matrix.indptr.astype(np.int64),
        index=matrix.indices,
        value=matrix.data,
        col_lower=np.asarray(lp.col_lower_)[:n],
        col_upper=np.asarray(lp.col_upper_)[:n],
        row_lower=np.asarray(lp.row_lower_)[:m],
        row_upper=np.asarray(lp.row_upper_)[:m],
        cost=held.cost,
        offset=np.array([held.offset]),
        maximise=np.array([held.maximise]),
        integer=held.integer,
        groups=held.groups() if relaxes("auto", len(held.integer)) else np.zeros(0),
        stage_costs=np.array([s[1] for s in stages]).reshape(len(stages), n),
        stage_constants=np.array([s[2] for s in stages]),
        stage_tolerances=np.array([s[3] for s in stages]),
    )
    return path


def solve_reference(path: Path, time_limit: float | None, gap: float) -> dict:
    """Hand the saved arrays to HiGHS and solve; seconds for each, and the objective."""
    a = np.load(path)
    t = time.perf_counter()
    n, m = len(a["cost"]), len(a["row_lower"])
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, m
    lp.col_cost_, lp.offset_ = a["cost"], float(a["offset"][0])
    lp.col_lower_, lp.col_upper_ = a["col_lower"], a["col_upper"]
    lp.row_lower_, lp.row_upper_ = a["row_lower"], a["row_upper"]
    maximise = bool(a["maximise"][0])
    lp.sense_ = highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = (
        a["start"],
        a["index"],
        a["value"],
    )
    integer = a["integer"].astype(np.int32)
    if len(integer):
        kinds = np.full(n, highspy.HighsVarType.kContinuous)
        kinds[integer] = highspy.HighsVarType.kInteger
        lp.integrality_ = list(kinds)
    h = new_highs(random_seed=0, threads=1, mip_rel_gap=gap)
    h.passModel(lp)
    handover = time.perf_counter() - t
    t = time.perf_counter()
    deadline = None if time_limit is None else t + time_limit
    groups = a["groups"] if len(a["groups"]) else None
    lp_stages = relaxes("auto", len(integer))
    for costs, constant, tolerance in zip(
        a["stage_costs"], a["stage_constants"], a["stage_tolerances"], strict=True
    ):
        _, best = solve_stage(
            h, integer, costs, constant, tolerance, deadline, gap, lp_only=lp_stages, groups=groups
        )
        if best is None:
            return {"handover": handover, "solve": time.perf_counter() - t, "objective": None}
    set_objective(h, a["cost"], maximise, float(a["offset"][0]))
    outcome = solve_once(h, integer, deadline, gap, groups=groups)
    return {
        "handover": handover,
        "solve": time.perf_counter() - t,
        "objective": outcome.objective,
    }
