"""The pipeline, in order: read every input, score and review, blend, apply the rules, plan.

`diagnose()` is the one function that turns inputs into a Diagnosis; `report`, `demo` and
`review` all go through it (`review` with its two halves, to keep the cycle it read). Writers
take the Diagnosis it returns; nothing here writes a file.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from diagnose.content.bank import DEFAULT_BANK
from diagnose.content.bundle import Content
from diagnose.content.labels import load_label_table
from diagnose.content.placeholders import fill, words_for
from diagnose.core.errors import InputError, Problem
from diagnose.core.limits import DEFAULT_LIMITS, Limits
from diagnose.core.models import LOGO_TYPES, AnswerSet, Cycle, Diagnosis, Profile
from diagnose.core.values import DateOrder
from diagnose.core.vocabulary import ROLE_PLURALS, SEVERITY_RANK, TEAM_TYPES, parse_role, people_by_role
from diagnose.core.yamlload import read_yaml, validate
from diagnose.cycle.okrs import read_cycle
from diagnose.people.answers import read_answers
from diagnose.plan.programme import measurement, recommend
from diagnose.plan.rollout import rollout
from diagnose.plan.sessions import schedule
from diagnose.plan.summary import distinct_behaviours, evidence_base, headline, live_material
from diagnose.review.reviewer import review_cycle
from diagnose.review.team_types import team_type_of
from diagnose.review.verdicts import KindVerdicts, read_kind_verdicts
from diagnose.rules.engine import apply_rules
from diagnose.scoring.blend import combine
from diagnose.scoring.survey import merge_profile, profile_from_answers, score_answers


@dataclass
class Inputs:
    answers: list[Path] = field(default_factory=list)
    responses: list[Path] = field(default_factory=list)
    role: str | None = None
    labels: Path | None = None
    okrs: Path | None = None
    checkins: Path | None = None
    previous: Path | None = None
    mapping: Path | None = None
    kinds: Path | None = None  # a person's outcome-or-activity verdicts (diagnose/review/verdicts.py)
    profile: Path | None = None
    min_group: int = 3
    checkin_cadence: str | None = None  # weekly or biweekly: overrides the profile's (`review --cadence`)
    today: dt.date = field(default_factory=dt.date.today)


@dataclass
class Gathered:
    """Every input read and checked: what the later stages work from."""

    answer_sets: list[AnswerSet]
    cycle: Cycle | None
    previous: Cycle | None
    kinds: KindVerdicts | None
    profile: Profile
    known_profile: set[str]  # the profile fields someone gave, in the profile file or an answer
    warnings: list[str]
    read: list[str] = field(default_factory=list)  # what each input held: the import summary


def diagnose(inputs: Inputs, content: Content | None = None) -> Diagnosis:
    content = content or Content.bundled()
    return build_diagnosis(gather(inputs, content), content, inputs)


def read_profile(path: Path | None, limits: Limits = DEFAULT_LIMITS) -> tuple[Profile, set[str]]:
    if path is None:
        return Profile(), set()
    loaded = read_yaml(path, limits)
    if loaded.data is None:  # an empty profile: every default
        loaded.data = {}
    profile = validate(loaded, Profile)
    if profile.logo:
        logo = (Path(path).parent / profile.logo).resolve()
        if not logo.is_file():
            raise InputError(Problem(str(path), f"logo {profile.logo!r} is not there (looked for {logo})",
                                     line=loaded.line_of(("logo",)), hint="give a path relative to the profile file"))
        if logo.suffix.lower() not in LOGO_TYPES:
            raise InputError(Problem(str(path), f"logo {profile.logo!r} is not a PNG, JPEG or SVG file",
                                     line=loaded.line_of(("logo",)), hint="save it as PNG, JPEG or SVG"))
        if not _looks_like_image(logo, limits.logo_bytes):
            raise InputError(Problem(str(path), f"logo {profile.logo!r} cannot be read as the image its name says, "
                                                f"or is over {limits.logo_bytes:,} bytes",
                                     line=loaded.line_of(("logo",)),
                                     hint="save it again as PNG, JPEG or SVG from an image editor"))
        profile = profile.model_copy(update={"logo": str(logo)})
    return profile, set(profile.model_fields_set)


def gather(inputs: Inputs, content: Content) -> Gathered:
    """Read every input; the problems of all of them are raised together."""
    if not inputs.answers and not inputs.responses and inputs.okrs is None:
        raise InputError("nothing to diagnose: give survey answers (--answers), form-tool exports "
                         "(--responses) or a last-cycle OKR export (--okrs)")
    problems: list[Problem] = []
    limits = content.settings.limits
    answer_sets: list[AnswerSet] = []
    warnings: list[str] = []
    read: list[str] = []
    answer_paths, repeated = _once_each(inputs.answers)
    warnings += [f"{path}: given more than once; its answers are counted once" for path in repeated]
    for path in answer_paths:
        try:
            answer_sets.append(read_answers(path, content.banks, limits))
        except InputError as exc:
            problems.extend(exc.problems)
    responses, repeated = _once_each(inputs.responses)
    warnings += [f"{path}: given more than once; its rows are counted once" for path in repeated]
    if responses:
        from diagnose.people.responses import read_responses  # only form-tool exports need it

        try:
            role = parse_role(inputs.role)
            labels = load_label_table(content.banks[DEFAULT_BANK], inputs.labels, content.labels)
        except InputError as exc:  # said once, not once per export
            problems.extend(exc.problems)
            responses = []
    for given in responses:
        path, file_role = split_role(given)
        try:
            imported = read_responses(path, content.banks[DEFAULT_BANK], role=file_role or role, labels=labels,
                                      limits=limits)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        answer_sets.extend(imported.answer_sets)
        warnings += [str(w) for w in imported.warnings]
        read.append(f"{path}: {imported.tool.replace('-', ' ')} export, {counted(len(imported.answer_sets), 'respondent')}"
                    + (f", {counted(len(imported.warnings), 'warning')}" if imported.warnings else ""))
    if answer_paths:
        read.insert(0, f"answers: {counted(len(answer_paths), 'file')}")
    answer_sets, twins = _distinct_respondents(answer_sets)
    warnings += twins
    profile, explicit = read_profile(inputs.profile, limits)
    # Dates that fit both orders are read as the profile's locale writes them.
    order: DateOrder = "month-first" if profile.locale == "en-US" else "day-first"
    cycle = previous = None
    if inputs.okrs is not None:
        try:
            cycle = read_cycle(inputs.okrs, inputs.checkins, inputs.mapping, order, profile.fiscal_year_start, limits)
        except InputError as exc:
            problems.extend(exc.problems)
    if inputs.previous is not None and inputs.okrs is not None and _same_file(inputs.previous, inputs.okrs):
        problems.append(Problem(str(inputs.previous), "--previous is the same file as --okrs, so every key result "
                                "would look carried over", hint="give the export of the cycle before"))
    elif inputs.previous is not None:
        try:
            previous = read_cycle(inputs.previous, mapping_path=inputs.mapping, date_order=order,
                                  fiscal_year_start=profile.fiscal_year_start, limits=limits)
        except InputError as exc:
            problems.extend(exc.problems)
    if cycle is not None and previous is not None and cycle.name and cycle.name == previous.name:
        warnings.append(f"{inputs.previous}: the previous cycle is named {previous.name!r}, as the last one is: "
                        "check that it is the export of the cycle before")
    kinds = None
    if inputs.kinds is not None:
        try:
            kinds = read_kind_verdicts(inputs.kinds, limits)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    from_answers = profile_from_answers(answer_sets, content.banks)
    try:
        profile = merge_profile(profile, from_answers, explicit)
    except ValidationError as exc:
        details = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise InputError(f"an answer to a profile question cannot be used: {details} "
                         "(correct it in the answers file, or set it in --profile)") from None
    if inputs.checkin_cadence:
        profile = profile.model_copy(update={"checkin_cadence": inputs.checkin_cadence})
        explicit.add("checkin_cadence")
    known = explicit | set(from_answers)
    if profile.teams:
        cycle, answer_sets, said = _for_named_teams(profile.teams, cycle, answer_sets, inputs.profile)
        warnings.append(said)
    if "team_types" not in known:
        profile, said = _team_types_from_export(profile, cycle, content)
        warnings.append(said)
        if profile.team_types:
            known.add("team_types")
    if answer_sets:
        read.append(f"respondents: {people_by_role(Counter(a.respondent.role for a in answer_sets))}")
    for name, shown in (("last cycle", cycle), ("previous cycle", previous)):
        if shown is not None:
            krs = shown.key_results()
            checkins = sum(len(kr.checkins) for kr in krs)
            read.append(f"{name}: {shown.source or 'export'}: {counted(len(shown.objectives), 'objective')}, "
                        f"{counted(len(krs), 'key result')}" + (f", {counted(checkins, 'check-in')}" if checkins else "")
                        + (f", {counted(len(shown.warnings), 'warning')}" if shown.warnings else ""))
    return Gathered(answer_sets=answer_sets, cycle=cycle, previous=previous, kinds=kinds, profile=profile,
                    known_profile=known, warnings=warnings + (cycle.warnings if cycle else []), read=read)


_IMAGE_STARTS = {".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
                 ".svg": (b"<svg", b"<?xml", b"\xef\xbb\xbf<?xml", b"\xef\xbb\xbf<svg", b"<!--")}


def _looks_like_image(path: Path, limit: int) -> bool:
    # A cover logo is a small image; a bigger file is refused rather than sent to the renderer.
    if path.stat().st_size > limit:
        return False
    with path.open("rb") as file:
        head = file.read(64).lstrip()
    return head.startswith(_IMAGE_STARTS[path.suffix.lower()])


def _same_file(one: Path, other: Path) -> bool:
    try:
        return Path(one).resolve() == Path(other).resolve() or Path(one).samefile(other)
    except OSError:  # one of them is not there: its reader says so
        return False


def counted(number: int, thing: str) -> str:
    return f"{number} {thing}{'' if number == 1 else 's'}"


def split_role(given: Path) -> tuple[Path, str | None]:
    """`team.csv:team_member` is team.csv, every respondent in it a team member; a file whose
    name really ends in a colon and a role name is taken as it is."""
    text = str(given)
    head, colon, tail = text.rpartition(":")
    if colon and head and not given.exists():
        try:
            return Path(head), parse_role(tail)
        except InputError as exc:
            if Path(head).is_file():  # the file is there: what follows its name is a misspelt role
                raise InputError(Problem(text, f"{tail!r} after the file name is no role",
                                         hint=exc.problems[0].hint)) from None
    return given, None


def _once_each(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """Each file once (by where it really is), and the ones given again."""
    seen: set[tuple[Path, str | None]] = set()
    kept, repeated = [], []
    for given in paths:
        path, role = split_role(given)
        key = (path.resolve() if path.exists() else path, role)
        if key in seen:
            repeated.append(given)
            continue
        seen.add(key)
        kept.append(given)
    return kept, repeated


def _distinct_respondents(answer_sets: list[AnswerSet]) -> tuple[list[AnswerSet], list[str]]:
    """One answer set per named person: the same name in the same role twice (a file saved under
    two names, a form submitted twice) counts once, the later answers kept. Unnamed answers are
    never merged: two people may well answer alike."""
    latest: dict[tuple[str, str], int] = {}
    for index, answer_set in enumerate(answer_sets):
        person = answer_set.respondent
        if person.name and person.name.strip():
            latest[(person.name.strip().casefold(), person.role)] = index
    kept, said = [], []
    for index, answer_set in enumerate(answer_sets):
        person = answer_set.respondent
        key = (person.name.strip().casefold(), person.role) if person.name and person.name.strip() else None
        if key is not None and latest[key] != index:
            later = answer_sets[latest[key]].source or "a later answer set"
            said.append(f"{answer_set.source or 'an answer set'}: {person.name} ({person.role.replace('_', ' ')}) "
                        f"answered again in {later}; only the later answers are counted")
            continue
        kept.append(answer_set)
    return kept, said


def _for_named_teams(names: list[str], cycle: Cycle | None, answer_sets: list[AnswerSet], profile_path: Path | None
                     ) -> tuple[Cycle | None, list[AnswerSet], str]:
    """Only the named teams' objectives (with the company's, which theirs align to) and the
    answers of their people (and of those who named no team: leaders answering for the whole)."""
    wanted = {name.strip().casefold() for name in names}
    said = []
    if cycle is not None:
        teams = {o.team.strip().casefold(): o.team for o in cycle.objectives if o.team}
        unknown = [n for n in names if n.strip().casefold() not in teams]
        if len(unknown) == len(names):
            raise InputError(Problem(str(profile_path or "--profile"), f"teams: none of {', '.join(unknown)} is a team "
                                     f"of the export", hint="write the names as the export's team column does: "
                                     + ", ".join(sorted(teams.values())[:12])))
        kept = [o for o in cycle.objectives if (o.team and o.team.strip().casefold() in wanted) or o.level == "company"]
        said.append(f"{len(kept)} of {len(cycle.objectives)} objectives (the named teams' and the company's)")
        if unknown:
            said.append(f"no objective of {', '.join(unknown)} in the export")
        cycle = cycle.model_copy(update={"objectives": kept})
    if answer_sets:
        ours = [a for a in answer_sets if not a.respondent.team or a.respondent.team.strip().casefold() in wanted]
        said.append(f"{len(ours)} of {len(answer_sets)} respondents (the named teams' and those who named no team)")
        answer_sets = ours
    return cycle, answer_sets, f"programme for the named teams {', '.join(names)}: kept " + "; ".join(said)


def _team_types_from_export(profile: Profile, cycle: Cycle | None, content: Content) -> tuple[Profile, str]:
    """Team types nobody gave: read from the export's team names, or left unknown (never assumed).
    Returns the profile and what to tell the user."""
    words = content.settings.review.team_type_words
    found = {team_type_of(o.team, words) for o in cycle.objectives} - {None} if cycle else set()
    types = [t for t in TEAM_TYPES if t in found]
    if types:
        return (profile.model_copy(update={"team_types": types}),
                "team types read from the export's team names (set team_types in --profile to change them): "
                + ", ".join(t.replace("_", " ") for t in types))
    where = "none recognised in the export's team names" if cycle else "and no export to read team names from"
    return (profile.model_copy(update={"team_types": []}),
            f"team types not known (none given in --profile or the answers, {where}): modules for every type of "
            "team were considered")


def build_diagnosis(gathered: Gathered, content: Content, inputs: Inputs) -> Diagnosis:
    answer_sets, cycle, profile = gathered.answer_sets, gathered.cycle, gathered.profile
    survey = score_answers(answer_sets, content.banks, inputs.min_group) if answer_sets else None
    cadence = 7 if profile.checkin_cadence == "weekly" else 14
    review = review_cycle(cycle, content.settings, cadence, previous=gathered.previous,
                          kinds=gathered.kinds) if cycle else None
    signals, areas = combine(survey, review, profile, content.settings.scoring, gathered.known_profile)
    findings, trace = apply_rules(content.rules, signals, survey.respondents if survey else {},
                                  content.settings.severity)
    findings = [fill(f, words_for(profile.checkin_cadence, profile.locale)) for f in findings]
    findings.sort(key=lambda f: (SEVERITY_RANK[f.severity], areas[f.area].score if areas[f.area].score is not None
                                 else 100))
    training = [f for f in findings if f.training_need]
    basis, narrow = evidence_base(survey.respondents if survey else {}, review is not None)
    recommendations, skipped = recommend(findings, content.rules, content.library, profile, content.settings.plan)
    teams_wait = bool({f.id for f in findings} & set(content.settings.plan.teams_wait_for))
    recommendations, sessions, next_cycle = schedule(recommendations, content.library, profile,
                                                     content.settings.plan, inputs.today,
                                                     {f.id: f.title for f in findings}, teams_wait)
    champions = any(content.library[r.module].track == "champions" for r in recommendations)
    events = rollout(sessions, content.library, profile, content.settings.plan, content.settings.rollout,
                     inputs.today, champions, [f for f in findings if not f.training_need], teams_wait)
    reset = next(e.start for e in events if e.phase == "reset")
    not_shown = list(review.not_shown) if review else ["the last OKR cycle (no export given)"]
    if survey is None:
        not_shown.append("what people say (no survey answers given)")
    if survey and survey.hidden_groups:
        not_shown.append("scores of role groups smaller than " f"{inputs.min_group} (kept anonymous): "
                         + ", ".join(ROLE_PLURALS.get(group, group) for group in survey.hidden_groups))
    given = [*inputs.answers, *inputs.responses, inputs.okrs, inputs.checkins, inputs.previous, inputs.kinds]
    return Diagnosis(
        organisation=profile.organisation,
        generated_on=inputs.today,
        content=content.origin.describe(),
        cycle=cycle.name if cycle else None,
        cycle_end=cycle.end if cycle else None,
        profile=profile,
        headline=headline(profile, training, narrow),
        evidence_base=basis,
        must_do=[f.behaviour for f in distinct_behaviours(training)[:3]],
        areas=areas,
        findings=findings,
        recommendations=recommendations,
        sessions=sessions,
        next_cycle=next_cycle,
        rollout=events,
        measurement=measurement(content.settings.measurement, signals, reset),
        key_results=review.checks if review else [],
        signals={name: {"value": s.value, "note": s.note} for name, s in sorted(signals.items())},
        rule_trace=trace,
        respondents=survey.respondents if survey else {},
        role_scores=survey.role_scores if survey else {},
        not_shown=not_shown,
        notes=skipped,
        verbatim=survey.verbatim if survey else [],
        material=live_material(review) if review else {},
        inputs=[str(path) for path in given if path is not None],
        input_warnings=gathered.warnings + (review.warnings if review else []),
        inputs_read=gathered.read,
    )
