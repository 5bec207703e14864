"""`maturity`: the command line. Every command that touches the warehouse runs the Dagster jobs of
pipelines.definitions in process — there is no second code path to drift from the UI's."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from warehouse.home import HOME_ENV, Home
from warehouse.lock import DEFAULT_TIMEOUT_SECONDS, EXIT_BUSY, TIMEOUT_ENV, BadTimeout, WarehouseBusy, writer_lock

EXIT_OK, EXIT_REFUSED, EXIT_FAILED = 0, 1, 2
EXIT_CODES = (
    f"exit codes: {EXIT_OK} done; {EXIT_REFUSED} a file was refused (the others loaded); {EXIT_FAILED} failed; "
    f"{EXIT_BUSY} another run kept the warehouse for longer than --wait SECONDS "
    f"(default ${TIMEOUT_ENV}, else {DEFAULT_TIMEOUT_SECONDS // 60} minutes)"
)


def _execute(job_name: str, home: Home, args, ingest: dict | None = None, full: bool = False):
    """Run one job in this process against `home`, holding the home's writer lock (waiting up to
    --wait seconds for another run to finish). dbt's own log goes to the run log, not the terminal,
    so that the user sees one line per file and a summary (unless --verbose)."""
    os.environ[HOME_ENV] = str(home.root)
    # Taken first, so that a busy warehouse is said at once (on the terminal, not in the run log) and
    # a short --wait is not spent importing.
    with writer_lock(home, args.wait, command=f"maturity {args.command}"):
        from pipelines.definitions import defs  # deferred: Dagster and dbt take seconds to import

        run_config: dict = {"loggers": {"console": {"config": {"log_level": "INFO" if args.verbose else "WARNING"}}}}
        if ingest is not None:
            run_config["ops"] = {"raw_submissions": {"config": ingest}}
        if full:
            run_config.setdefault("ops", {})["maturity_dbt_models"] = {"config": {"full": True}}
        job = defs.resolve_job_def(job_name)
        if args.verbose:
            return job.execute_in_process(run_config=run_config, raise_on_error=False)
        log = home.run_log(job_name)
        log.parent.mkdir(parents=True, exist_ok=True)
        # Dagster's console log (stack traces of failed steps included) goes to the run log too.
        with log.open("w", encoding="utf-8") as handle, contextlib.redirect_stdout(handle), contextlib.redirect_stderr(handle):
            return job.execute_in_process(run_config=run_config, raise_on_error=False)


def _materialization(result, *key: str):
    """The run's materialization of one asset, or None when the asset did not materialize."""
    for event in result.get_asset_materialization_events():
        if event.asset_key.path == list(key):
            return event.materialization
    return None


def _ingest_report(result):
    """The ingest step's typed report (ingest.results.IngestReport); an empty one when it did not run."""
    from dagster import DagsterInvariantViolationError

    from ingest.results import IngestReport
    from pipelines.assets.ingest import REPORT_OUTPUT, raw_submissions

    try:
        return result.output_for_node(raw_submissions.op.name, REPORT_OUTPUT)
    except DagsterInvariantViolationError:  # the step failed, so gave no output: its failure is reported on its own
        return IngestReport()


def _report_failures(result) -> None:
    for evaluation in result.get_asset_check_evaluations():
        if not evaluation.passed:
            failures = evaluation.metadata.get("failures")
            detail = f": {failures.value}" if failures is not None else ""
            print(f"check failed  {evaluation.asset_key.to_user_string()} {evaluation.check_name}{detail}", file=sys.stderr)
    for event in result.all_events:
        if event.is_step_failure:
            error = event.event_specific_data.error
            while error is not None and error.cause is not None:  # the root cause, not Dagster's wrapper
                error = error.cause
            message = error.message.strip().splitlines()[0] if error and error.message.strip() else ""
            print(f"step failed   {event.step_key}: {message}", file=sys.stderr)


def _print_ingest(result) -> int:
    report = _ingest_report(result)
    for outcome in report.outcomes:
        print(outcome.line())
    if not report.outcomes:
        print("nothing to ingest")
    return EXIT_REFUSED if report.any_refused else EXIT_OK


def _print_build(result, home: Home) -> int:
    if not result.success:
        _report_failures(result)
        print(f"build failed: nothing new was published; {home.snapshot} is unchanged", file=sys.stderr)
        print(f"dbt's log: {home.run_log('build')} (or {home.run_log('run')})", file=sys.stderr)
        return EXIT_FAILED
    for event in result.get_asset_materialization_events():
        plan = event.materialization.metadata.get("dbt build")
        if plan is not None:
            print(f"dbt: {plan.value}")
            break
    checks = result.get_asset_check_evaluations()
    print(f"built and validated: {sum(c.passed for c in checks)} checks passed (dbt tests and Great Expectations)")
    published = _materialization(result, "published", "snapshot")
    rows = {k[5:]: v.value for k, v in published.metadata.items() if k.startswith("rows ")}
    print(f"published {home.snapshot}: " + ", ".join(f"{t} {n} rows" for t, n in rows.items()))
    return EXIT_OK


def cmd_ingest(args) -> int:
    home = Home.resolve(args.home).ensure()
    config = {"paths": [str(Path(p).absolute()) for p in args.paths], "area": args.area, "year": args.year}
    if args.build:  # one run, so Dagster, dbt's manifest and the writer lock are set up once, not twice
        result = _execute("run", home, args, ingest=config)
        refused = _print_ingest(result)
        return _print_build(result, home) or refused
    result = _execute("ingest", home, args, ingest=config)
    if not result.success:
        _report_failures(result)
        print(f"log: {home.run_log('ingest')}", file=sys.stderr)
        return EXIT_FAILED
    return _print_ingest(result)


def cmd_build(args) -> int:
    home = Home.resolve(args.home).ensure()
    return _print_build(_execute("build", home, args, full=args.full), home)


def cmd_run(args) -> int:
    home = Home.resolve(args.home).ensure()
    result = _execute("run", home, args, ingest={"paths": []})
    refused = _print_ingest(result)
    built = _print_build(result, home)
    return built or refused


def cmd_demo(args) -> int:
    from framework import load_framework
    from pipelines.assets.reference import NEIGHBOURS_STEM
    from synthetic.data_sharing import write_data_sharing_demo
    from synthetic.generator import write_demo
    from synthetic.neighbours import write_neighbours_demo
    from synthetic.outcomes import write_outcome_demo
    from synthetic.received_examples import write_received_examples
    from synthetic.scope import DESCRIPTIONS, scope_codes

    home = Home.resolve(args.home).ensure()
    fw = load_framework()
    seed = {} if args.seed is None else {"seed": args.seed}
    scope = {"scope": args.scope}
    workbooks = write_demo(home.inbox, fw, readme_folder=home.root, scale=args.scale, **seed, **scope)
    questionnaires = write_data_sharing_demo(home.inbox, fw, **seed, **scope)
    outcome_files = write_outcome_demo(home.inbox, fw, **seed, **scope)
    corrected, broken = write_received_examples(home.inbox, fw, **seed, **scope)
    where = DESCRIPTIONS[args.scope].format(n=len(scope_codes(fw, args.scope)))
    print(f"SYNTHETIC demo ({args.scope}: {where}): wrote {len(workbooks)} synthetic workbooks, "
          f"{len(questionnaires)} data-sharing questionnaires and {len(outcome_files)} outcome files (Fingertips "
          f"and Explore Education Statistics layouts) into {home.inbox}")
    # A neighbours file someone supplied (DfE's own) is never replaced by the synthetic one.
    supplied = home.reference_file(NEIGHBOURS_STEM)
    if supplied is None:
        written = write_neighbours_demo(home.reference / f"{NEIGHBOURS_STEM}.xlsx", fw, **scope)
        print(f"SYNTHETIC demo: wrote synthetic statistical neighbours (not DfE's groups) to {written}")
    else:
        print(f"statistical neighbours: kept the file already in place, {supplied}")
    result = _execute("run", home, args, ingest={"paths": []})
    print(f"ingested: {_ingest_report(result).summary()}")
    print(f"  (deliberate SYNTHETIC examples for the Data received page: {corrected.name} supersedes an "
          f"earlier copy, and {broken.name} is refused on purpose)")
    code = _print_build(result, home)
    example = "Leeds" if args.scope == "england" else "Camden"  # a borough to open a take-away pack for
    if code == EXIT_OK:
        print(
            f"\nWhere to look (all figures are SYNTHETIC; scope {args.scope}: {where}):\n"
            f"  warehouse   {home.warehouse}  (schemas raw, staging, intermediate, marts, audit)\n"
            f"  snapshot    {home.snapshot}  (what dashboards read)\n"
            "  outcomes    marts.outcomes, marts.maturity_outcomes, marts.outcome_associations (associations, "
            "not effects), marts.data_sharing\n"
            f"  dashboard   .venv/bin/maturity dashboard --home {home.root}   (or: make dashboard; six pages)\n"
            f"  take-away   .venv/bin/maturity report excel --home {home.root} --area {example} --year 2025 "
            f"{example.lower()}-2025.xlsx   (or: report html … .html)\n"
            "  Dagster UI  make dagster   (then open http://127.0.0.1:3000)"
        )
    return code


def cmd_template(args) -> int:
    from framework import load_framework
    from ingest.assessments.template import write_template
    from ingest.paper.template import write_paper_template

    fw = load_framework()
    if args.kind == "resolution":
        return _resolution_template(args, fw)
    if args.kind == "data-sharing":
        return _data_sharing_template(args, fw)
    writer = {"excel": write_template, "paper": write_paper_template}[args.kind]
    out = writer(Path(args.out), fw)
    print(f"wrote blank {args.kind} tool to {out}")
    return EXIT_OK


def _data_sharing_template(args, fw) -> int:
    """A questionnaire for one area and year when given (else the borough fills them in)."""
    from ingest.core.identify import match_area
    from ingest.core.problems import Refused
    from ingest.data_sharing.template import write_data_sharing_template

    try:
        area = match_area(args.area, fw) if args.area else None
    except (Refused, ValueError) as problem:
        print(f"no questionnaire written: {problem}", file=sys.stderr)
        return EXIT_FAILED
    out = write_data_sharing_template(Path(args.out), fw, area.name if area else None, args.year)
    which = " ".join(str(part) for part in (area.name if area else None, args.year) if part) or "blank"
    print(f"wrote the {which} data-sharing questionnaire to {out}")
    return EXIT_OK


def _resolution_template(args, fw) -> int:
    """The open double-entry disagreements of one borough, year and group, ready to settle."""
    import duckdb

    from ingest.core.identify import match_area
    from ingest.core.problems import Refused
    from ingest.paper.disagreements import write_resolution_template

    if args.area is None or args.year is None:
        print("template resolution needs --area and --year", file=sys.stderr)
        return EXIT_FAILED
    home = Home.resolve(args.home)
    if not home.warehouse.is_file():  # said before the lock, which would make the home
        print(f"no resolution file written: no warehouse at {home.warehouse}; ingest the returns first", file=sys.stderr)
        return EXIT_FAILED
    try:
        area = match_area(args.area, fw)
        # A reader of the live warehouse conflicts with a writer in another process: it takes the lock too.
        with writer_lock(home, args.wait, command="maturity template resolution"), \
                duckdb.connect(str(home.warehouse), read_only=True) as con:
            out = write_resolution_template(con, fw, area.code, args.year, args.group, Path(args.out))
    except (Refused, ValueError, duckdb.Error) as problem:
        print(f"no resolution file written: {problem}", file=sys.stderr)
        return EXIT_FAILED
    print(f"wrote the open disagreements of {area.name} {args.year} to {out}; fill in the values and ingest it")
    return EXIT_OK


# Users see a viewer's toolbar (no Deploy button or developer menu), no tracebacks (they would
# show paths on this machine), and no unneutralised export: every download is our own CSV. No
# file watcher: users do not edit the app, and its "file changed" prompt would stall the page.
STREAMLIT_FLAGS = (
    "--server.headless", "true", "--browser.gatherUsageStats", "false",
    "--client.toolbarMode", "viewer", "--client.showErrorDetails", "none",
    "--client.disableDataExport", "true", "--server.fileWatcherType", "none",
)


def cmd_dashboard(args) -> int:
    home = Home.resolve(args.home)
    if not home.snapshot.exists():
        print(f"No published snapshot at {home.snapshot}; run `maturity demo` or `maturity run` first.", file=sys.stderr)
        return EXIT_FAILED
    app = Path(__file__).resolve().parent.parent / "dashboards" / "app.py"
    env = {**os.environ, HOME_ENV: str(home.root)}
    command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(args.port), *STREAMLIT_FLAGS]
    print(f"dashboard on http://localhost:{args.port} reading {home.snapshot}")
    os.execvpe(command[0], command, env)


REPORT_SUFFIX = {"excel": ".xlsx", "html": ".html"}


def _report_path(out: Path, kind: str, area, year: int, synthetic: bool) -> Path:
    """OUT itself (the name the user chose; a synthetic pack says so on every sheet and page), or,
    when OUT is a directory, a file named for the borough and year, SYNTHETIC_ first when synthetic."""
    from dashboards.wording import SYNTHETIC_FILE_PREFIX

    if not out.is_dir():
        return out
    prefix = SYNTHETIC_FILE_PREFIX if synthetic else ""
    stem = "workshop-pack" if kind == "excel" else "report"
    return out / f"{prefix}{area.code}_{area.name.replace(' ', '-')}_{year}_{stem}{REPORT_SUFFIX[kind]}"


def cmd_report(args) -> int:
    """A borough's take-away pack from the published snapshot (never the live warehouse)."""
    from dashboards.exports.excel_pack import write_excel_pack
    from dashboards.exports.html_report import write_html_report
    from dashboards.queries.borough import borough_report
    from dashboards.snapshot import SnapshotMissing, open_snapshot, snapshot_path
    from framework import load_framework
    from ingest.core.identify import match_area
    from ingest.core.problems import Refused

    try:
        snap = open_snapshot(snapshot_path(Home.resolve(args.home)))
        area = match_area(args.area, load_framework())
        report = borough_report(snap, area.code, args.year, args.comparator)
    except (SnapshotMissing, Refused, LookupError, ValueError) as problem:
        print(f"no report written: {problem}", file=sys.stderr)
        return EXIT_FAILED
    if args.comparator and report.comparator is None:
        offered = ", ".join(g.comparator_type for g in report.comparators if g.comparator_type != "region") or "none"
        print(f"no report written: {area.name} {args.year} has no {args.comparator} comparator (offered: {offered})",
              file=sys.stderr)
        return EXIT_FAILED
    out = _report_path(Path(args.out), args.kind, area, args.year, report.is_synthetic)
    writer = {"excel": write_excel_pack, "html": write_html_report}[args.kind]
    try:
        written = writer(report, out)
    except OSError as problem:
        print(f"no report written: cannot write {out}: {problem.strerror or problem}", file=sys.stderr)
        return EXIT_FAILED
    label = "SYNTHETIC " if report.is_synthetic else ""
    what = "workshop pack (Excel)" if args.kind == "excel" else "report (HTML)"
    print(f"wrote the {label}{what} for {area.name} {args.year} to {written}")
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="maturity", description="Beyond Boundaries integration maturity warehouse.",
                                  epilog=EXIT_CODES)
    sub = top.add_subparsers(dest="command", required=True)

    def with_wait(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--wait", type=float, metavar="SECONDS",
                       help=f"how long to wait for another run using the warehouse, then exit {EXIT_BUSY} "
                            f"(default: ${TIMEOUT_ENV}, else {DEFAULT_TIMEOUT_SECONDS} s)")
        return p

    def with_home(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--home", help=f"warehouse home (default: ${HOME_ENV}, else ./data)")
        p.add_argument("--verbose", action="store_true", help="show Dagster's log")
        return with_wait(p)

    demo = with_home(sub.add_parser("demo", help="write the SYNTHETIC demo submissions and run everything"))
    demo.add_argument("--seed", type=int, default=None, help="generator seed (default: the fixed demo seed)")
    demo.add_argument("--scale", type=_positive, default=1, metavar="K",
                      help="K synthetic groups per borough-year, K times the demo's assessments (default 1)")
    demo.add_argument("--scope", choices=["london", "england"], default="london",
                      help="london: London's 33 boroughs (the default, and fast); england: the national "
                           "synthetic demo, every current upper-tier authority in England (153)")
    demo.set_defaults(func=cmd_demo)

    ingest = with_home(sub.add_parser("ingest", help="ingest files: one line per file; exit 1 if any refused"))
    ingest.add_argument("paths", nargs="+", metavar="PATH")
    ingest.add_argument("--area", help="local authority name or code, overriding the files")
    ingest.add_argument("--year", type=int, help="assessment year, overriding the files")
    ingest.add_argument("--build", action="store_true",
                        help="then build, check and publish, in the same run (as `maturity run` does for the inbox)")
    ingest.set_defaults(func=cmd_ingest)

    build = with_home(sub.add_parser(
        "build", help="dbt build, checks, publish",
        description="Rebuild the dbt models downstream of what changed since the last successful build "
                    "(new or changed source rows, model files), or nothing when nothing did; then check and "
                    "publish every mart. Any change to the Python packages, library versions, profile or "
                    "vars, or a table missing from the warehouse, makes a full build."))
    build.add_argument("--full", action="store_true", help="rebuild every model and run every dbt test")
    build.set_defaults(func=cmd_build)
    with_home(sub.add_parser("run", help="ingest the inbox, then build")).set_defaults(func=cmd_run)

    template = sub.add_parser("template", help="write a blank tool or questionnaire for boroughs, or a resolution file")
    template.add_argument("kind", choices=["excel", "paper", "data-sharing", "resolution"],
                          help="data-sharing: the systems questionnaire (optionally for --area and --year); "
                               "resolution: the open double-entry disagreements for --area, --year, --group")
    template.add_argument("out", metavar="OUT")
    template.add_argument("--home", help=f"warehouse home, for resolution (default: ${HOME_ENV}, else ./data)")
    template.add_argument("--area", help="for resolution and data-sharing: local authority name or code")
    template.add_argument("--year", type=int, help="for resolution and data-sharing: assessment year")
    template.add_argument("--group", help="for resolution: the group, when the borough scores in groups")
    with_wait(template)
    template.set_defaults(func=cmd_template)

    dashboard = sub.add_parser("dashboard", help="start the dashboard on the published snapshot")
    dashboard.add_argument("--home", help=f"warehouse home (default: ${HOME_ENV}, else ./data)")
    dashboard.add_argument("--port", type=int, default=8501)
    dashboard.set_defaults(func=cmd_dashboard)

    report = sub.add_parser("report", help="a borough's take-away pack (Excel workshop pack or HTML report) "
                                           "from the published snapshot")
    report.add_argument("kind", choices=sorted(REPORT_SUFFIX), help="excel: the workshop pack with native "
                        "radar charts; html: one self-contained printable file")
    report.add_argument("out", metavar="OUT", help="the file to write, or a directory to write it in")
    report.add_argument("--area", required=True, help="local authority name, alias or code")
    report.add_argument("--year", type=int, required=True, help="assessment year")
    report.add_argument("--comparator", choices=["england", "inner_outer", "icb", "statistical_neighbours"],
                        help="the group shown beside the area's region, which is always shown (default: the "
                             "region only; inner_outer for London's boroughs only)")
    report.add_argument("--home", help=f"warehouse home (default: ${HOME_ENV}, else ./data)")
    report.set_defaults(func=cmd_report)
    return top


def _positive(text: str) -> int:
    """An argparse type: a whole number of at least 1, refused with a usage message otherwise."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return int(text)


def _failed(args, what: str, code: int = EXIT_FAILED) -> int:
    """One line on stderr for an expected failure, pointing at the logs when the command keeps some."""
    logs = Home.resolve(args.home).logs if hasattr(args, "home") else None
    where = f"; logs: {logs}" if logs is not None and logs.is_dir() else ""
    first_line = what.strip().splitlines()[0] if what.strip() else "failed"
    print(f"maturity {args.command}: {first_line}{where}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    """Runs one command. Failures a user can meet (no dbt manifest and none can be made, a home that
    cannot be written, a warehouse another program holds, Ctrl-C) end in one line and exit 2: a
    traceback would say nothing more to them, and would show paths on this machine. Another run
    holding the writer lock for longer than --wait ends in one line and exit 3."""
    import duckdb

    from pipelines.dbt_location import DbtProjectUnavailable

    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return _failed(args, "interrupted")
    except WarehouseBusy as problem:
        return _failed(args, str(problem), EXIT_BUSY)
    except BadTimeout as problem:
        return _failed(args, str(problem))
    except DbtProjectUnavailable as problem:
        return _failed(args, str(problem))
    except OSError as problem:
        return _failed(args, f"cannot use {problem.filename}: {problem.strerror}" if problem.filename else str(problem))
    except duckdb.Error as problem:  # chiefly: a program other than ours has the warehouse open
        return _failed(args, f"the warehouse: {problem}")


if __name__ == "__main__":
    sys.exit(main())
