"""Allocates special poverty-alleviation funds under every documented rule, and explains why."""

__version__ = "0.1.0"
