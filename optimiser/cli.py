"""The `allocate` command: a thin layer that parses options, calls the package, prints, and turns
failures into one-line messages and documented exit codes (tracebacks only with --debug)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path

import click

from optimiser import __version__
from optimiser.problems import InputError

EXIT_OK = 0
EXIT_INFEASIBLE = 1
EXIT_BAD_INPUT = 2
EXIT_SOLVER = 3
EXIT_INTERNAL = 4
DEFAULT_DATA = Path("data/shanxi")


def _guarded(func: Callable) -> Callable:
    """Bad input -> the problem list and exit 2; anything unexpected -> one line and exit 4."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        debug = click.get_current_context().find_root().params.get("debug", False)
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            if debug:
                raise
            from optimiser.report.validation import render_problems

            click.echo(render_problems(exc.problems), err=True)
            sys.exit(EXIT_BAD_INPUT)
        except (click.ClickException, click.exceptions.Exit, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence for users
            if debug:
                raise
            click.echo(
                f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(__version__, prog_name="allocate")
def cli(debug: bool) -> None:
    """Allocate special poverty-alleviation funds under every documented rule.

    \b
    Exit codes: 0 success; 1 no plan satisfies the hard rules; 2 bad input;
    3 solver failure or time limit with no plan; 4 internal error.
    """


@cli.command()
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=DEFAULT_DATA,
    show_default=True,
    help="Dataset folder (CSV files or one .xlsx workbook, plus policy.yaml).",
)
@_guarded
def validate(data_dir: Path) -> None:
    """Check a dataset and print a readable summary of it, then every problem found."""
    from optimiser.dataset import load_dataset
    from optimiser.register import load_register
    from optimiser.report.validation import render_problems, render_summary

    data = load_dataset(data_dir)
    click.echo(render_summary(data, load_register()))
    click.echo()
    click.echo(render_problems(list(data.warnings)))


@cli.command("rules")
@_guarded
def rules_command() -> None:
    """List the rule families: parameters, defaults and the clauses they cite."""
    from optimiser.register import load_register
    from optimiser.report.rules import render_rule_catalogue

    click.echo(render_rule_catalogue(load_register()))


def main() -> None:
    cli(prog_name="allocate")


if __name__ == "__main__":
    main()
