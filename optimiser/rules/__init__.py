"""Rule families: one module each, holding the rule's metadata, parameters, citations and (with
the model) its constraints and explanations."""

from optimiser.rules.registry import BY_ID, FAMILIES

__all__ = ["BY_ID", "FAMILIES"]
