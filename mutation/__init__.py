"""A small mutation-testing tool for the rule families and the audit (see mutation/README.md)."""
