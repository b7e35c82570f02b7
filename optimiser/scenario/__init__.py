"""What-ifs: overrides of a dataset (budgets, rule parameters and switches, needs, unit costs,
county indicators), applied to make a variant dataset that is validated like any other."""
