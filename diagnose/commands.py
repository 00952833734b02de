"""What each command does. Library code below raises; only cli.main turns that into exit codes."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from diagnose.errors import InputError
from diagnose.resources import content_dir


def _say(text: str = "") -> None:
    print(text)


def _demo_inputs(folder: Path, profile: Path):
    from diagnose.diagnosis import Inputs

    return Inputs(answers=sorted((folder / "answers").glob("*.yaml")), okrs=folder / "okrs.csv",
                  checkins=folder / "checkins.csv", profile=profile, today=dt.date.today())


def run_demo(args) -> int:
    from diagnose.diagnosis import Content

    demo = content_dir("demo")
    content = Content.bundled()
    code = _report(_demo_inputs(demo, demo / "profile.yaml"), content, args.out, demo=True)
    if args.next:
        _say("")
        _report(_demo_inputs(demo / "next", demo / "profile.yaml"), content, args.out / "next-cycle", demo=True)
        _say("")
        args.before, args.after, args.out = args.out, args.out / "next-cycle", args.out / "progress"
        code = run_compare(args)
    return code


def run_report(args) -> int:
    from diagnose.diagnosis import Inputs

    if args.checkins and not args.okrs:
        raise InputError("--checkins needs the OKR export they belong to: add --okrs FILE")
    if (args.previous or args.mapping or args.kinds) and not args.okrs:
        raise InputError("--previous, --mapping and --kinds describe an OKR export: add --okrs FILE")
    if (args.role or args.labels) and not args.responses:
        raise InputError("--role and --labels describe form-tool exports: add --responses FILE")
    inputs = Inputs(answers=list(args.answers), responses=list(args.responses), role=args.role,
                    labels=args.labels, okrs=args.okrs, checkins=args.checkins, profile=args.profile,
                    previous=args.previous, mapping=args.mapping, kinds=args.kinds, min_group=args.min_group)
    return _report(inputs, None, args.out)


def _report(inputs, content, out: Path, demo: bool = False) -> int:
    from diagnose.diagnosis import top_findings
    from diagnose.outputs import write_report

    diagnosis, written, warnings = write_report(inputs, out, content)
    title = "Demo diagnosis of" if demo else "Diagnosis of"
    _say(f"{title} {diagnosis.organisation}: {len(diagnosis.findings)} findings, "
         f"{len(diagnosis.recommendations)} modules in {len(diagnosis.sessions)} sessions.")
    _say("")
    _say("Top findings:")
    for number, finding in enumerate(top_findings(diagnosis, 3), start=1):
        kind = "training" if finding.training_need else "leadership action"
        _say(f"  {number}. [{finding.severity}] {finding.title} ({finding.area.replace('_', ' ')}, {kind})")
    _say("")
    _say(f"Written to {out}/:")
    for name, path in written.items():
        _say(f"  {path}")
    for warning in warnings:
        print(f"okr-diagnose: note from the PDF renderer: {warning}", file=sys.stderr)
    for warning in diagnosis.input_warnings:
        print(f"okr-diagnose: warning: {warning}", file=sys.stderr)
    return 0


def run_review(args) -> int:
    from diagnose.review_report import review_json, review_text, run_review as review

    result = review(args.okrs, args.checkins, cadence_days=7 if args.cadence == "weekly" else 14,
                    previous=args.previous, mapping=args.mapping, kinds=args.kinds)
    if args.format == "json":
        _say(json.dumps(review_json(result), indent=2, ensure_ascii=False))
    else:
        _say(review_text(result))
    return 0


def run_check(args) -> int:
    from diagnose.check import check_paths, format_results
    from diagnose.rules import vocabulary_listing

    if args.signals:
        for line in vocabulary_listing():
            _say(line)
        return 0
    results = check_paths(args.paths)
    _say(format_results(results, strict=args.strict))
    failed = any(r.errors or (args.strict and r.warnings) for r in results)
    return 2 if failed else 0


def run_bank(args) -> int:
    from diagnose.bank import load_bundled_bank
    from diagnose.bank_export import export_csv, export_json, export_markdown

    bank = load_bundled_bank(args.bank)
    exporter = {"json": export_json, "csv": export_csv, "md": export_markdown}[args.format]
    sys.stdout.write(exporter(bank))
    return 0


def run_survey(args) -> int:
    from diagnose.survey import run_interview

    return run_interview(args.answers, role=args.role, bank_id=args.bank, review=args.review)


def run_compare(args) -> int:
    from diagnose.compare import compare, load_diagnosis, signed
    from diagnose.outputs import write_progress

    before = load_diagnosis(args.before, "BEFORE")
    after = load_diagnosis(args.after, "AFTER")
    progress = compare(before, after, str(args.before), str(args.after))
    written, warnings = write_progress(progress, args.out, after.profile)
    span = (f"cycle {progress.before_cycle} to cycle {progress.after_cycle}" if progress.before_cycle
            and progress.after_cycle else f"{progress.before_date} to {progress.after_date}")
    _say(f"Progress of {progress.organisation}, {span}:")
    _say(f"  {progress.headline}")
    for change in progress.areas:
        shown = "not compared" if change.change is None else \
            f"{change.before:.0f} -> {change.after:.0f} ({signed(change.change)})"
        _say(f"  {change.area.replace('_', ' '):<24} {shown}")
    for caveat in progress.caveats:
        _say(f"  note: {caveat}")
    _say("")
    _say(f"Written to {args.out}/:")
    for path in written.values():
        _say(f"  {path}")
    for warning in warnings:
        print(f"okr-diagnose: note from the PDF renderer: {warning}", file=sys.stderr)
    return 0
