"""The `allocate` command: a thin layer that parses options, calls the package, prints, and turns
failures into one-line messages and documented exit codes (tracebacks only with --debug)."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from pathlib import Path

import click

from optimiser import __version__
from optimiser.exits import (  # noqa: F401 - the codes the command documents, importable here
    EXIT_AUDIT_FAILED,
    EXIT_BAD_INPUT,
    EXIT_INFEASIBLE,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SOLVER,
    EXIT_SURROUNDINGS,
    EXIT_TERMINATED,
    exit_code,
)
from optimiser.problems import InputError, Problem
from optimiser.surroundings import SurroundingsError, check_out


class Terminated(BaseException):  # noqa: N818 - named for what happened, like KeyboardInterrupt
    """SIGTERM, raised where the program is so that it can clean up and say what happened."""


def _on_sigterm(_signum, _frame) -> None:
    raise Terminated


DEFAULT_DATA = Path("data/shanxi")


SURROUNDING_ERRNOS = {"ENOSPC", "EDQUOT", "EFBIG", "EACCES", "EPERM", "EROFS", "ENOTDIR", "EIO"}


def _surroundings(exc: BaseException, context: click.Context | None) -> SurroundingsError | None:
    """The fault of the surroundings an exception is, if it is one: a SurroundingsError, or an
    OSError naming a path (or, naming none, one of SURROUNDING_ERRNOS, placed at --out)."""
    import errno

    from optimiser.surroundings import from_os_error

    if isinstance(exc, SurroundingsError):
        return exc
    if not isinstance(exc, OSError) or isinstance(exc, BrokenPipeError | IsADirectoryError):
        return None
    if exc.filename is not None:
        return from_os_error(exc)
    if errno.errorcode.get(exc.errno or -1) in SURROUNDING_ERRNOS:
        return from_os_error(exc, _params(context).get("out_dir") or Path.cwd())
    return None


def _failure(exc: BaseException) -> tuple[str, int]:
    """The ledger status and exit code of a run that ended with `exc`: what _guarded exits with."""
    if isinstance(exc, InputError | IsADirectoryError):
        return "bad-input", EXIT_BAD_INPUT
    if isinstance(exc, click.ClickException):
        return "bad-input", exc.exit_code
    if _surroundings(exc, click.get_current_context(silent=True)) is not None:
        return "surroundings", EXIT_SURROUNDINGS
    if isinstance(exc, KeyboardInterrupt | Terminated):
        return "interrupted", EXIT_TERMINATED if isinstance(exc, Terminated) else EXIT_INTERRUPTED
    if isinstance(exc, SystemExit) and isinstance(exc.code, int):
        return "failed", exc.code
    return "failed", EXIT_INTERNAL


def _message_lang(context: click.Context | None) -> str:
    """The language of a message said before any dataset is read: the command's --lang, else
    `allocate --lang`, else the default."""
    from optimiser.report.words import DEFAULT_LANG

    if context is None:
        return DEFAULT_LANG
    return context.params.get("lang") or context.find_root().params.get("lang") or DEFAULT_LANG


def _params(context: click.Context | None) -> dict:
    """The options given to the command and to `allocate` itself (the command's first)."""
    if context is None:
        return {}
    return {**context.find_root().params, **context.params}


def _guarded(func: Callable) -> Callable:
    """Bad input -> the problem list and exit 2; a folder, file or disk the run needs that is
    not usable -> one line naming it and exit 6; anything unexpected -> one line and exit 4."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        context = click.get_current_context(silent=True)
        debug = bool(context and context.find_root().params.get("debug", False))
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            if debug:
                raise
            from optimiser.report.validation import render_problems

            click.echo(render_problems(exc.problems, lang=_message_lang(context)), err=True)
            sys.exit(EXIT_BAD_INPUT)
        except IsADirectoryError as exc:  # a folder where a file (a table, policy.yaml) should be
            if debug:
                raise
            from optimiser.io.csv_reader import folder_in_place
            from optimiser.report.validation import render_problems

            problems = [folder_in_place(Path(str(exc.filename)))]
            click.echo(render_problems(problems, lang=_message_lang(context)), err=True)
            sys.exit(EXIT_BAD_INPUT)
        except (
            click.ClickException,
            click.exceptions.Exit,
            SystemExit,
            KeyboardInterrupt,
            Terminated,
        ):
            raise
        except BrokenPipeError:  # the reader (e.g. `head`) stopped reading: not an error here
            sys.stderr.close()
            sys.exit(EXIT_OK)
        except Exception as exc:  # noqa: BLE001 - the last line of defence for users
            if debug:
                raise
            fault = _surroundings(exc, context)
            if fault is not None:
                click.echo(fault.say(_message_lang(context)), err=True)
                sys.exit(EXIT_SURROUNDINGS)
            click.echo(
                f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)

    return wrapper


def parse_years(text: str) -> tuple[int, ...]:
    """'2018' or '2017-2020' -> the years; a bad range is a usage error (exit 2)."""
    try:
        if "-" in text:
            first, last = (int(part) for part in text.split("-", 1))
        else:
            first = last = int(text)
    except ValueError:
        raise click.BadParameter(
            f"{text!r}: expected a year such as 2018 or a range such as 2017-2020"
        ) from None
    if last < first:
        raise click.BadParameter(f"{text!r}: the range ends before it starts")
    return tuple(range(first, last + 1))


out_option = click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Root folder for run outputs.",
)


def year_options(command):
    """--year and --years, for the commands that plan."""
    command = click.option(
        "--years", "years", metavar="FIRST-LAST", help="Plan a horizon, e.g. 2017-2020."
    )(command)
    return click.option("--year", "year", metavar="YEAR", help="Plan one year, e.g. 2018.")(command)


def check_plan_years(data, years: tuple[int, ...], option: str) -> None:
    """Years outside the dataset's plan years are the option's fault, said before anything is
    written (the ledger included)."""
    plan = data.years.plan
    outside = [y for y in years if y not in plan]
    if outside:
        typed = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
        raise InputError(
            [
                Problem(
                    option,
                    None,
                    None,
                    typed,
                    f"{'a year' if len(years) == 1 else 'years'} among the plan years of the "
                    f"dataset {data.folder}: {', '.join(map(str, plan))} (years.plan in its "
                    f"policy.yaml); outside them: {', '.join(map(str, outside))}",
                )
            ]
        )


def chosen_years(year: str | None, years: str | None) -> tuple[int, ...]:
    """The years of --year or --years (exactly one of them)."""
    if (year is None) == (years is None):
        raise click.UsageError("give --year or --years")
    return parse_years(years or year)


lang_option = click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Language of everything written for people (terminal, report.html, allocation.xlsx). "
    "Default: the dataset's (dataset.lang in policy.yaml; zh for the shipped datasets).",
)
encoding_option = click.option(
    "--encoding",
    type=click.Choice(["utf-8-sig", "gb18030"]),
    default="utf-8-sig",
    show_default=True,
    help="Encoding of the CSV files: UTF-8 with a byte-order mark (Excel reads it), or "
    "gb18030 for older Chinese Excel.",
)
detail_option = click.option(
    "--detail",
    is_flag=True,
    help="Print every section in full (rule instances, prices, weights, unfunded projects) "
    "instead of the one-screen summary.",
)

data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=DEFAULT_DATA,
    show_default=True,
    help="Dataset folder (CSV files or one .xlsx workbook, plus policy.yaml).",
)


@dataclass(frozen=True)
class RunOptions:
    data_dir: Path
    years: tuple[int, ...]
    objective: str | None
    out_dir: Path
    xlsx: bool
    html: bool
    lang: str | None
    detail: bool
    encoding: str
    price_rules: str | None
    near: float
    export_model: Path | None
    time_limit: float | None
    mip_gap: float
    mip_method: str
    quiet: bool


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, invoke_without_command=True)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.option("--year", "year", metavar="YEAR", help="Plan one year, e.g. 2018.")
@click.option(
    "--years", "years", metavar="FIRST-LAST", help="Plan a horizon at once, e.g. 2017-2020."
)
@data_option
@click.option(
    "--objective",
    type=click.Choice(["impact", "formula"]),
    help="impact: most poor people reached; formula: closest to the factor-method "
    "shares. Default: the dataset's policy.yaml.",
)
@out_option
@click.option("--xlsx", is_flag=True, help="Also write allocation.xlsx.")
@click.option("--html", is_flag=True, help="Also write report.html (one self-contained file).")
@lang_option
@detail_option
@encoding_option
@click.option(
    "--price-rules",
    metavar="all|RULE,RULE",
    help="Price rules by solving again with each switched off.",
)
@click.option(
    "--quiet",
    is_flag=True,
    help="Print nothing unless the run fails (for scheduled runs); the run folder's "
    "run.log holds the report.",
)
@click.option(
    "--near",
    type=click.FloatRange(min=0, max=1),
    default=0.01,
    show_default=True,
    help="Report slack rules within this share of their limit as near-binding.",
)
@click.option(
    "--export-model",
    type=click.Path(path_type=Path),
    help="Write the model as HiGHS holds it (.mps or .lp) for inspection.",
)
@click.option("--time-limit", type=click.FloatRange(min=0.01), help="Seconds for the solver.")
@click.option(
    "--mip-gap",
    type=click.FloatRange(min=0, max=1),
    default=1e-4,
    show_default=True,
    help="Relative gap at which a plan with projects is accepted.",
)
@click.option(
    "--mip-method",
    type=click.Choice(["auto", "direct", "relax"]),
    default="auto",
    show_default=True,
    help="How a plan with projects is solved: HiGHS's branch and bound (direct), the LP "
    "relaxation then the projects it left undecided, with a proved gap (relax), or relax from "
    "5,000 project starts (auto).",
)
@click.version_option(__version__, prog_name="allocate")
@click.pass_context
def cli(ctx: click.Context, debug: bool, year: str | None, years: str | None, **options) -> None:
    """Allocate special poverty-alleviation funds under every documented rule.

    \b
      allocate --year 2018                 plan 2018 on the default dataset
      allocate --years 2017-2020           plan the whole horizon at once
      allocate --year 2018 --html          ... and write report.html
      allocate explain RUN_DIR             explain a finished run again
      allocate whatif --year 2018 --set budget.central_special.2018=-10%
      allocate scenarios FILE --year 2018  run a scenario file
      allocate sweep --param PATH --from -30% --to +30% --year 2018
      allocate baseline --year 2018        the factor-method formula, audited
      allocate compare RUN_A RUN_B         two runs side by side
      allocate history                     the runs in the ledger
      allocate validate --data DIR         check and summarise a dataset
      allocate import BOOK.xlsx --into DIR --base data/shanxi
                                           a bureau's workbooks in as a dataset
      allocate template --out 模板.xlsx     a workbook to fill in (the dataset's rows)

    \b
    Exit codes: 0 a plan (optimal, or feasible within the limits, said so);
    1 no plan satisfies the hard rules; 2 bad input or nothing to do; 3 solver
    failure or time limit with no plan; 4 internal error; 5 audit failed;
    6 a folder, file or disk the run needs is not usable; 130 interrupted
    (Ctrl-C); 143 terminated (SIGTERM).
    """
    if ctx.invoked_subcommand is not None:
        return
    if year is None and years is None:
        given = [
            f"--{name.removesuffix('_dir').replace('_', '-')}"
            for name in ctx.params
            if ctx.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT
        ]
        if not given:  # `allocate` alone: the help
            click.echo(ctx.get_help())
            return
        from optimiser.report.surroundings import WORDS

        said = WORDS.say("nothing_to_do", _message_lang(ctx), given=" ".join(given))
        click.echo(said, err=True)  # options but no year: a scheduled run that would plan nothing
        sys.exit(EXIT_BAD_INPUT)
    if year is not None and years is not None:
        raise click.UsageError("give --year or --years, not both")
    run_years = parse_years(years or year)
    if year is not None and len(run_years) != 1:
        raise click.UsageError("--year takes one year; use --years for a range")
    ctx.meta["years_option"] = "--year" if year is not None else "--years"
    sys.exit(_allocate(RunOptions(years=run_years, **options)))


@contextmanager
def _libraries():
    """Where a command imports what a plan needs (pandas, Pyomo, SciPy, HiGHS and the package's
    own modules: some 170,000 objects that live as long as the process, none of them garbage).
    In the `allocate` process (main), the cycle collector is paused while they are made and
    they are frozen after (gc.freeze): left to it, the collector walks them in full twice
    during the imports alone, and again at every later full pass. Elsewhere (the API, tests)
    the imports alone: a freeze there would also keep whatever garbage was waiting."""
    if not _own_process:
        yield
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if enabled:
            gc.enable()


_own_process = False  # True in the `allocate` process itself (main)


@_guarded
def _allocate(o: RunOptions) -> int:
    with _libraries():
        from optimiser import ledger
        from optimiser.api import load, solve
        from optimiser.explain.collect import explain_run
        from optimiser.explain.price import priceable
        from optimiser.report.run_files import write_run
        from optimiser.versions import versions

    if o.export_model is not None and o.export_model.suffix.lower() not in (".mps", ".lp"):
        raise click.BadParameter(
            f"{o.export_model}: expected a file name ending in .mps or .lp",
            param_hint="--export-model",
        )
    price = None
    if o.price_rules and o.price_rules != "all":
        price = _rule_list(o.price_rules)
    data = load(o.data_dir)
    check_plan_years(data, o.years, click.get_current_context().meta.get("years_option", "--years"))
    check_out(o.out_dir, o.data_dir)  # before solving: a file, a read-only folder, a full disk
    lang = o.lang or data.policy.dataset.lang
    entry = ledger.open_entry(
        o.out_dir, data.name, list(o.years), "base", "allocate", data.input_hash, versions(), lang
    )
    try:
        run = solve(
            data,
            o.years,
            objective=o.objective,
            time_limit=o.time_limit,
            mip_gap=o.mip_gap,
            mip_method=o.mip_method,
        )
        if o.export_model is not None and run.held is not None:
            o.export_model.parent.mkdir(parents=True, exist_ok=True)
            stages = run.result.stages if run.result is not None else ()
            run.held.write(str(o.export_model), stages)
        if o.price_rules == "all":
            price = priceable(run)
        explanation = explain_run(run, price=price, near=o.near)
        folder = write_run(
            run,
            o.out_dir,
            xlsx=o.xlsx,
            explanation=explanation,
            encoding=o.encoding,
            lang=o.lang,
        )
    except (KeyboardInterrupt, Terminated) as stop:
        code = EXIT_TERMINATED if isinstance(stop, Terminated) else EXIT_INTERRUPTED
        what = "terminated (SIGTERM)" if isinstance(stop, Terminated) else "interrupted (Ctrl-C)"
        ledger.close_entry(o.out_dir, entry, "interrupted", code, message=what)
        click.echo(
            f"{what}: the run was stopped before it finished; no run folder was written", err=True
        )
        return code
    except BaseException as exc:
        _close_failed(o.out_dir, entry, exc)
        raise
    code = exit_code(run.solution.status)
    try:
        _show(folder, o.lang, o.html, quiet=o.quiet and code == EXIT_OK, detail=o.detail)
    except BaseException as exc:
        _close_failed(o.out_dir, entry, exc, folder)
        raise
    ledger.close_entry(
        o.out_dir, entry, run.solution.status, code, run.solution.objective, folder, run.timings
    )
    return code


def _close_failed(out_dir: Path, entry: int, exc: BaseException, folder=None) -> None:
    """Close a ledger entry with the status and the code the process exits with for `exc`."""
    import contextlib

    from optimiser import ledger

    status, code = _failure(exc)
    with contextlib.suppress(SurroundingsError):  # the ledger itself is the fault: said first
        ledger.close_entry(
            out_dir, entry, status, code, folder=folder, message=f"{type(exc).__name__}: {exc}"
        )


def _rule_list(text: str) -> list[str]:
    from optimiser.rules import BY_ID

    ids = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [i for i in ids if i not in BY_ID]
    if unknown:
        from optimiser.schemas.messages import choices_text

        raise click.BadParameter(
            f"{', '.join(unknown)}: expected rule ids; "
            + choices_text(unknown[0], list(BY_ID), shown=len(BY_ID)),
            param_hint="--price-rules",
        )
    return ids


def _show(
    folder: Path, lang: str | None, html: bool, quiet: bool = False, detail: bool = False
) -> None:
    """Print a run folder's report (unless quiet), keep it as run.log, write report.html."""
    from optimiser.report.run_files import replace_file
    from optimiser.report.run_summary import render_run
    from optimiser.report.run_view import RunView

    view = RunView.load(folder)
    if html:
        from optimiser.report.html import render_html

        replace_file(folder, "report.html", render_html(view, view.lang(lang)))
    text = render_run(view, view.lang(lang), detail=detail)
    replace_file(folder, "run.log", text + "\n")
    if not quiet:
        click.echo(text)


@cli.command()
@year_options
@data_option
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="PATH=VALUE",
    help="An override, e.g. budget.central_special.2018=-10% or R-EARMARK.share=0.35 (repeatable).",
)
@click.option("--off", multiple=True, metavar="RULE", help="Switch a rule off (repeatable).")
@click.option("--soft", multiple=True, metavar="RULE", help="Make a rule soft (repeatable).")
@click.option("--hard", multiple=True, metavar="RULE", help="Make a rule hard (repeatable).")
@out_option
@lang_option
@encoding_option
@_guarded
def whatif(year, years, data_dir, sets, off, soft, hard, out_dir, lang, encoding) -> None:
    """Solve the base and a variant with overrides, and print what changed."""
    from optimiser.api import load
    from optimiser.report.whatif import render_whatif
    from optimiser.scenario.overrides import parse_all
    from optimiser.scenario.whatif_run import run_whatif

    run_years = chosen_years(year, years)
    overrides = parse_all(list(sets), list(off), list(soft), list(hard))
    if not overrides:
        raise click.UsageError("give at least one --set, --off, --soft or --hard")
    data = load(data_dir)
    check_plan_years(data, run_years, "--year" if year else "--years")
    check_out(out_dir, data_dir)  # before solving: a file, a read-only folder, a full disk
    lang = lang or data.policy.dataset.lang
    done = run_whatif(data, run_years, overrides, out_dir, encoding)
    variant, how, diff = done.variant, done.how, done.diff
    base_folder, variant_folder = done.base_folder, done.variant_folder
    from optimiser.report.explanation import render_explanation
    from optimiser.report.run_view import RunView
    from optimiser.report.whatif import files_words, how_words

    base_view, variant_view = RunView.load(base_folder), RunView.load(variant_folder)
    click.echo(render_whatif(overrides, base_view, variant_view, diff, how, lang=lang))
    if not variant.solution.has_plan:
        explained = render_explanation(
            variant_view.explanation, lang, limit=12, names=variant_view.names
        )
        if explained:
            from optimiser.report.run_summary import whole_names
            from optimiser.report.text import block

            click.echo()
            click.echo(block(explained.split("\n"), keep=whole_names(variant_view)))
    click.echo()
    click.echo(how_words(how, lang))
    click.echo(files_words(base_folder, variant_folder, lang))
    sys.exit(exit_code(variant.solution.status))


@cli.command()
@click.option("--year", "year", required=True, type=int, help="The year, e.g. 2018.")
@data_option
@click.option(
    "--method",
    type=click.Choice(["factor"]),
    default="factor",
    show_default=True,
    help="factor: the factor method with the policy's weights.",
)
@out_option
@lang_option
@_guarded
def baseline(year: int, data_dir: Path, method: str, out_dir: Path, lang: str | None) -> None:
    """The allocation the department's formula gives, and which rules it breaks."""
    from optimiser.dataset import load_dataset
    from optimiser.report.compare import render_baseline
    from optimiser.report.names import Names
    from optimiser.scenario.baseline import run_baseline

    data = load_dataset(data_dir)
    check_plan_years(data, (year,), "--year")
    lang = lang or data.policy.dataset.lang
    folder, summary, findings = run_baseline(data, year, method, out_dir)
    click.echo(render_baseline(summary, findings, folder, Names.from_dataset(data), lang))


workers_option = click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes to solve points in on this machine (default: the cores available); with "
    "--scheduler local, the local cluster's workers (a remote cluster has its own).",
)
scheduler_option = click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="Solve the points on a Dask cluster: the scheduler's address (tcp://host:8786), or "
    "`local` for one of this machine's processes. Default: this machine, no Dask.",
)


def _batch(run: Callable, bar) -> None:
    """Run a batch with its progress bar; Ctrl-C or SIGTERM: say what is kept, exit 130/143."""
    try:
        run()
    except (KeyboardInterrupt, Terminated) as stop:
        terminated = isinstance(stop, Terminated)
        click.echo("\n" + bar.stopped(terminated), err=True)
        sys.exit(EXIT_TERMINATED if terminated else EXIT_INTERRUPTED)
    bar.close()


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@year_options
@data_option
@workers_option
@scheduler_option
@out_option
@lang_option
@_guarded
def scenarios(
    file: Path, year, years, data_dir: Path, workers, scheduler, out_dir: Path, lang: str | None
) -> None:
    """Run every scenario of a YAML file against the base and write one comparison table."""
    from optimiser.batch.driver import executor_for
    from optimiser.batch.points import batch_key
    from optimiser.batch.progress import Bar, exit_of, failure_lines
    from optimiser.dataset import load_dataset
    from optimiser.report.scenarios import W, comparison_row, render_comparison, write_comparison
    from optimiser.scenario.overrides import apply
    from optimiser.scenario.sets import read_scenarios, run_scenarios, scenario_points

    run_years = chosen_years(year, years)
    data = load_dataset(data_dir)
    check_plan_years(data, run_years, "--year" if year else "--years")
    check_out(out_dir, data_dir)  # before solving: a file, a read-only folder, a full disk
    lang = lang or data.policy.dataset.lang
    found = read_scenarios(file)
    for scenario in found:  # all validated first
        apply(data, list(scenario.overrides))
    span = str(run_years[0]) if len(run_years) == 1 else f"{run_years[0]}-{run_years[-1]}"
    key = batch_key(scenario_points(data, list(run_years), found), "scenarios")
    path = out_dir / data.name / span / f"scenarios-{key[:8]}" / "points.csv"
    bar = Bar(W("title", lang), lang, path)
    rows: list[dict] = []

    def run() -> None:
        executor = executor_for(workers, scheduler, most=len(found) + 1)
        rows.extend(
            run_scenarios(
                data,
                list(run_years),
                found,
                out_dir,
                path,
                executor,
                on_start=bar.start,
                on_result=bar.advance,
            )
        )

    _batch(run, bar)
    failed = failure_lines(rows, lang, path)
    written = [r for r in rows if r.get("folder")]
    if not written or written[0]["scenario"] != "base" or rows[0] is not written[0]:
        click.echo("\n".join(failed), err=True)
        sys.exit(exit_of(rows))
    base_folder = Path(written[0]["folder"])
    table = [comparison_row(r["scenario"], Path(r["folder"]), base_folder) for r in written]
    target = write_comparison(table, base_folder, lang=lang)
    click.echo(render_comparison(table, lang=lang))
    if failed:
        click.echo("\n" + "\n".join(failed), err=True)
    click.echo("\n" + W("files", lang, table=target, page=target.with_suffix(".html").name))
    sys.exit(exit_of(rows))


@cli.command()
@click.option(
    "--param",
    required=True,
    metavar="PATH",
    help="A numeric override path, e.g. budget.central_special.2018.",
)
@click.option("--from", "start", required=True, metavar="VALUE", help="e.g. -30% or 40000.")
@click.option("--to", "stop", required=True, metavar="VALUE", help="e.g. +30% or 60000.")
@click.option("--steps", type=int, default=13, show_default=True)
@year_options
@data_option
@workers_option
@scheduler_option
@out_option
@lang_option
@_guarded
def sweep(
    param, start, stop, steps, year, years, data_dir, workers, scheduler, out_dir, lang
) -> None:
    """Solve a numeric override along a range of values; table, chart, and where binding rules
    change. Points are kept as they finish: an interrupted sweep loses nothing solved, and the
    same command again solves only the rest."""
    from optimiser.batch.driver import executor_for
    from optimiser.batch.points import batch_key
    from optimiser.batch.progress import Bar
    from optimiser.dataset import load_dataset
    from optimiser.report.names import Names
    from optimiser.report.sweep import W, parameter_label, render_sweep, write_sweep_chart
    from optimiser.scenario.sets import mark_changes, run_sweep, sweep_points, sweep_values

    run_years = chosen_years(year, years)
    data = load_dataset(data_dir)
    check_plan_years(data, run_years, "--year" if year else "--years")
    check_out(out_dir, data_dir)  # before solving: a file, a read-only folder, a full disk
    lang = lang or data.policy.dataset.lang
    values = sweep_values(start, stop, steps)
    span = str(run_years[0]) if len(run_years) == 1 else f"{run_years[0]}-{run_years[-1]}"
    key = batch_key(sweep_points(data, list(run_years), param, values), "sweep")
    folder = out_dir / data.name / span / f"sweep-{key[:8]}"
    path = folder / "sweep.csv"
    label = W("sweep.title", lang, param=parameter_label(param, Names.from_dataset(data), lang))
    bar = Bar(label, lang, path)
    rows: list[dict] = []

    def run() -> None:
        rows.extend(
            run_sweep(
                data,
                list(run_years),
                param,
                values,
                path,
                executor=executor_for(workers, scheduler, most=len(values)),
                on_start=bar.start,
                on_result=bar.advance,
            )
        )

    _batch(run, bar)
    rows = mark_changes(rows)
    write_sweep_chart(rows, folder / "sweep.html", param, data, lang=lang, years=list(run_years))
    click.echo(render_sweep(rows, param, data, lang=lang, years=list(run_years)))
    click.echo("\n" + W("sweep.files", lang, csv=path))


@cli.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option(
    "--draws",
    type=click.IntRange(min=1),
    default=None,
    help="Monte Carlo: this many draws of the --vary ranges on --data (no FILE).",
)
@click.option(
    "--vary",
    multiple=True,
    metavar="PATH=±P%",
    help="A range to draw from, e.g. budget.central_special=±10% or R-EARMARK.share=0.30..0.35 "
    "(repeatable).",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the draws.")
@year_options
@data_option
@workers_option
@scheduler_option
@out_option
@lang_option
@_guarded
def batch(
    file, draws, vary, seed, year, years, data_dir, workers, scheduler, out_dir, lang
) -> None:
    """Run many plans at once: every dataset and scenario of a batch FILE, or a Monte Carlo
    study (--draws N --vary PATH=±P%) with the distribution of each county's allocation and how
    often each rule binds. Results are kept as they finish; the same command again solves only
    the rest."""
    if (file is None) == (draws is None):
        raise click.UsageError("give a batch FILE, or --draws N with --vary (not both)")
    if file is not None:
        context = click.get_current_context()
        given = {
            name
            for name in ("data_dir", "seed")
            if context.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE
        }
        if vary or year or years or given:
            raise click.UsageError(
                "a batch FILE names its datasets and years: leave out --data, --year, --years, "
                "--vary and --seed (they go with --draws)"
            )
        from optimiser.batch.commands import FileBatch

        job = FileBatch(file, out_dir, lang)
        check_out(out_dir, None)  # before solving: a file, a read-only folder, a full disk
    else:
        from optimiser.batch.commands import DrawsBatch
        from optimiser.dataset import load_dataset

        run_years = chosen_years(year, years)
        data = load_dataset(data_dir)
        check_plan_years(data, run_years, "--year" if year else "--years")
        job = DrawsBatch(data, run_years, draws, list(vary), seed, out_dir, lang)
        check_out(out_dir, data_dir)  # before solving: a file, a read-only folder, a full disk
    from optimiser.batch.driver import executor_for
    from optimiser.batch.progress import Bar
    from optimiser.batch.words import W

    bar = Bar(W(job.label, job.lang), job.lang, job.path)
    executor = executor_for(workers, scheduler, most=len(job.points))
    _batch(lambda: job.run(executor, bar), bar)
    done = job.report()
    click.echo(done.text)
    if done.notes:
        click.echo("\n" + "\n".join(done.notes), err=True)
    sys.exit(done.code)


@cli.command()
@click.option("--counties", type=click.IntRange(min=2), required=True)
@click.option("--projects", type=click.IntRange(min=0), default=0, show_default=True)
@click.option(
    "--years",
    "plan_years",
    type=click.IntRange(min=1, max=10),
    default=1,
    show_default=True,
    help="Plan years, from the template's first.",
)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--template",
    type=click.Path(path_type=Path),
    default=DEFAULT_DATA,
    show_default=True,
    help="The dataset whose proportions to follow.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    required=True,
    help="Folder to write the synthetic dataset into.",
)
@_guarded
def generate(counties, projects, plan_years, seed, template, out_dir) -> None:
    """Write a synthetic dataset of any size (for benchmarks), clearly marked as such."""
    from optimiser.dataset import load_dataset
    from optimiser.synthetic import generate as make

    folder = make(load_dataset(template), counties, projects, plan_years, seed, out_dir)
    click.echo(f"synthetic dataset written to {folder} (allocate validate --data {folder})")


@cli.command()
@click.argument("run_a", type=click.Path(path_type=Path))
@click.argument("run_b", type=click.Path(path_type=Path))
@lang_option
@_guarded
def compare(run_a: Path, run_b: Path, lang: str | None) -> None:
    """Two run folders side by side: people reached, deep-county share, rules kept, money moved."""
    from optimiser.report.compare import render_compare
    from optimiser.report.run_view import RunView

    view_a, view_b = RunView.load(run_a), RunView.load(run_b)
    click.echo(render_compare(view_a, view_b, lang=view_a.lang(lang)))


LEDGER_ROOT = click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Root folder whose ledger to read.",
)


@cli.command()
@LEDGER_ROOT
@lang_option
@_guarded
def history(out_dir: Path, lang: str | None) -> None:
    """List the runs recorded in the ledger of an output root."""
    from optimiser import ledger
    from optimiser.report.history import WORDS, history_lang, render_history

    entries = ledger.entries(out_dir)
    lang = history_lang(entries, lang)
    if not entries:
        click.echo(WORDS.say("none", lang, file=out_dir / ledger.FILE))
        return
    click.echo(render_history(entries, lang))


@cli.command()
@click.argument("run_id", type=int)
@LEDGER_ROOT
@lang_option
@detail_option
@_guarded
def show(run_id: int, out_dir: Path, lang: str | None, detail: bool) -> None:
    """Print one run of the ledger: its record, and its report if the folder is there."""
    from optimiser import ledger
    from optimiser.report.history import history_lang, render_entry

    found = [e for e in ledger.entries(out_dir) if e["id"] == run_id]
    if not found:
        raise InputError(
            [
                Problem(
                    str(out_dir / ledger.FILE),
                    None,
                    "id",
                    str(run_id),
                    "the id of a run in the ledger (allocate history)",
                )
            ]
        )
    entry = found[0]
    lang = history_lang([entry], lang)
    click.echo(render_entry(entry, lang))
    if entry["folder"] and (Path(entry["folder"]) / "summary.json").exists():
        click.echo()
        _show(Path(entry["folder"]), lang, False, detail=detail)


@cli.command()
@click.argument("run_dir", type=click.Path(path_type=Path))
@lang_option
@detail_option
@click.option("--html", is_flag=True, help="Write report.html into the run folder.")
@_guarded
def explain(run_dir: Path, lang: str | None, detail: bool, html: bool) -> None:
    """Explain a finished run again from its folder, without solving."""
    _show(run_dir, lang, html, detail=detail)


@cli.command()
@data_option
@lang_option
@_guarded
def validate(data_dir: Path, lang: str | None) -> None:
    """Check a dataset and print a readable summary of it, then every problem found."""
    from optimiser.dataset import load_dataset
    from optimiser.register import load_register
    from optimiser.report.validation import render_problems, render_summary

    data = load_dataset(data_dir)
    lang = lang or data.policy.dataset.lang
    click.echo(render_summary(data, load_register(), lang))
    click.echo()
    click.echo(render_problems(list(data.warnings), lang=lang))


@cli.command("import")
@click.argument("books", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--into",
    "into",
    required=True,
    type=click.Path(path_type=Path),
    help="Dataset folder to write (new or empty; written whole or not at all).",
)
@click.option(
    "--base",
    type=click.Path(path_type=Path),
    default=None,
    help="An existing dataset that fills what the workbooks lack (policy.yaml, provenance.yaml "
    "and the tables no sheet holds), and whose counties, sources and categories the sheets name.",
)
@click.option(
    "--sheet",
    "sheets",
    multiple=True,
    metavar="NAME=TABLE",
    help="Say which table a sheet is (e.g. 2018年分配表=history), or skip it (NAME=skip); "
    "repeatable.",
)
@click.option("--replace", is_flag=True, help="Replace what --into holds.")
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of the report (import-report.txt and .html) and of what is printed.",
)
@_guarded
def import_command(books, into, base, sheets, replace, lang) -> None:
    """Read finance-bureau workbooks into a dataset folder, with a report of every sheet.

    Exit 0: the dataset is written; 2: a question to decide (a total that does not add up, a
    header, county or sheet not recognised, ...) or a dataset that fails its check, named by
    sheet and cell in the report, and nothing but the report is written."""
    from optimiser.importing.report import render_terminal
    from optimiser.importing.run import import_workbooks, write_reports

    result = import_workbooks(list(books), into, base, list(sheets), replace)
    txt, page = write_reports(result, lang)
    said = render_terminal(result, lang, txt, page)
    if result.written:
        click.echo(said)
        return
    click.echo(said, err=True)
    sys.exit(EXIT_BAD_INPUT)


@cli.command()
@data_option
@click.option(
    "--out",
    "out_file",
    required=True,
    type=click.Path(path_type=Path),
    help="The workbook to write, e.g. 模板.xlsx.",
)
@_guarded
def template(data_dir: Path, out_file: Path) -> None:
    """Write a workbook for a bureau to fill in: instructions, one sheet per table with Chinese
    headers and drop-down lists, filled with the dataset's rows; `allocate import` reads it back."""
    from optimiser.dataset import load_dataset
    from optimiser.importing.template import write_template
    from optimiser.importing.words import WORDS as IMPORT_WORDS

    data = load_dataset(data_dir)
    written = write_template(data, out_file)
    lang = data.policy.dataset.lang
    folder = IMPORT_WORDS.say("template.folder", lang)
    command = f"allocate import {written} --into {folder} --base {data_dir}"
    click.echo(IMPORT_WORDS.say("template.written", lang, file=written, command=command))


@cli.command()
@year_options
@data_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Another than this computer's (e.g. 0.0.0.0) needs the access "
    "token printed at start on every request.",
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=8765,
    show_default=True,
    help="Port to listen on, or the next free one.",
)
@out_option
@click.option(
    "--max-sessions",
    type=click.IntRange(min=1),
    default=8,
    show_default=True,
    help="Browser sessions holding a solved model at once (the least recently used gives its "
    "model up).",
)
@lang_option
@_guarded
def serve(year, years, data_dir, host, port, out_dir, max_sessions, lang) -> None:
    """Serve the live what-if page for a budget meeting: move budgets, rules and parameters,
    see the plan worked out again at once (Ctrl-C stops)."""
    from optimiser.live.app import serve_command

    run_years = chosen_years(year, years) if (year or years) else (2018,)
    try:
        serve_command(data_dir, run_years, host, port, out_dir, max_sessions, lang, click.echo)
    except (KeyboardInterrupt, Terminated) as stop:  # after uvicorn's graceful shutdown
        sys.exit(EXIT_TERMINATED if isinstance(stop, Terminated) else EXIT_INTERRUPTED)


@cli.command("rules")
@_guarded
def rules_command() -> None:
    """List the rule families: parameters, defaults and the clauses they cite."""
    from optimiser.register import load_register
    from optimiser.report.rules import render_rule_catalogue

    click.echo(render_rule_catalogue(load_register()))


def main() -> None:
    import signal

    signal.signal(signal.SIGTERM, _on_sigterm)
    global _own_process
    _own_process = True
    cli(prog_name="allocate")


if __name__ == "__main__":
    main()
