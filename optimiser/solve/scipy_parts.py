"""Pyomo imports scipy.stats, scipy.integrate and scipy.spatial the first time anything imports
scipy (the callback of its deferred import of scipy): half a second of every process that builds
a model, for modules this project never uses. The model needs scipy.sparse only (Pyomo's
standard-form compiler, the county bound), so the callback is narrowed to that, before anything
here imports scipy. With another Pyomo whose internals differ nothing is changed: the import is
only slower."""

from __future__ import annotations


def narrow() -> None:
    from pyomo.common import dependencies

    indicator = getattr(dependencies, "scipy_available", None)
    finalize = getattr(dependencies, "_finalize_scipy", None)
    if finalize is not None and getattr(indicator, "_callback", None) is finalize:
        indicator._callback = _sparse_only


def _sparse_only(_module, available: bool) -> None:
    if available:
        import scipy.sparse  # noqa: F401
