"""`okr-diagnose init`: a client folder to start an engagement in.

The profile is written as a commented YAML file whatever the route: asked in a terminal, each
answer fills its line; without one, the defaults do, and the comments say what to change. The
file written either way is a valid `--profile` as it stands.
"""

from __future__ import annotations

import datetime as dt
import json
import shlex
import sys
from collections.abc import Callable
from pathlib import Path

from diagnose.core.errors import Interrupted
from diagnose.core.models import Profile
from diagnose.core.vocabulary import TEAM_TYPES

PROFILE = "profile.yaml"
MAPPING = "mapping.yaml"
NEXT_STEPS = "NEXT-STEPS.md"
ANSWERS = "answers"


def _yaml(value: object) -> str:
    """A value as YAML: JSON's quoting is valid YAML, and keeps a # or a colon in a name as text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False)


# Written in quotes: a file name may hold a # or a colon.
QUOTED = {"logo"}


def profile_text(profile: Profile, asked: bool) -> str:
    """The profile as commented YAML. What the intake answers can also say (team types, maturity,
    dates, sessions, cadence) is written only when it was asked here: a line set in the profile
    overrides the answers, so the template leaves those lines commented out."""
    p = profile

    def line(key: str, value: object, example: str, given: bool = asked) -> str:
        if not given or value in (None, []):
            return f"# {key}: {example}"
        if isinstance(value, list):
            return f"{key}: [{', '.join(_yaml(item) if not isinstance(item, str) else item for item in value)}]"
        return f"{key}: {_yaml(value) if not isinstance(value, (int, str)) or key in QUOTED else value}"

    how = ("from the answers given to `okr-diagnose init`" if asked
           else "as a template: change what you know")
    return f"""\
# The organisation's profile, for `okr-diagnose report --profile {PROFILE}`, written {how}.
# A line left commented out (#) is taken from the intake answers, or its default.

organisation: {_yaml(p.organisation)}
prepared_by: {_yaml(p.prepared_by)}          # the consultant or team named on the cover

# The kinds of team the programme is for, any of: {", ".join(TEAM_TYPES)}.
# Left out, they are read from the intake answers, or from the teams in the OKR export.
{line("team_types", p.team_types, "[product, operations]")}

# How far along the organisation is with OKRs: first_cycle, developing (2-3 cycles) or experienced.
{line("maturity", p.maturity, "first_cycle")}

# The first working day the programme may start on (YYYY-MM-DD); by default three weeks from the report.
{line("start_date", p.start_date, "2027-01-11")}

# How long a session may be, in minutes (210 is a half day), and how many sessions there may be.
{line("session_minutes", p.session_minutes, "210")}
{line("max_sessions", p.max_sessions, "4")}

# How often teams check in on their key results: weekly or biweekly.
{line("checkin_cadence", p.checkin_cadence, "weekly")}

# Dates in the report and the calendar: en-GB (1 March 2027) or en-US (March 1, 2027).
locale: {p.locale}

# Branding: a PNG, JPEG or SVG beside this file for the cover, and the accent colour (keep the quotes).
{line("logo", p.logo, "logo.png")}
accent_colour: "{p.accent_colour}"

# Weeks to keep free of sessions (any day of each week), besides public holidays.
{line("blackout_weeks", p.blackout_weeks, "[2027-04-05]")}
"""


MAPPING_TEXT = """\
# Which column of an OKR export is which, for `okr-diagnose report --okrs EXPORT --mapping mapping.yaml`.
# Only needed when the export's headers are not recognised: `okr-diagnose mapping suggest EXPORT`
# writes a starting file from the export itself. Every entry is optional.

columns: {}
#   objective: Goal name                 # the field on the left, the export's header on the right
#   key_result: Measure
#   owner: Accountable person
#   team: Department
#   confidence: Health

checkin_columns: {}
#   key_result_id: Measure ID
#   date: Updated on

ignore: []                               # columns to leave out without a warning
#   - Notes
#   - Link

# values:                                # a field's values as the tool writes them
#   level: {Portfolio: company, Program: department}
# sheet: OKRs                            # the workbook sheet, when the first one holds notes
# header_row: 3                          # the header's row, when title rows come first
# date_order: day-first                  # day-first or month-first, when every date fits both
"""


def next_steps_text(folder: Path) -> str:
    # Quoted as a shell needs them, so that each command can be pasted as it stands.
    answers, profile, mapping = (shlex.quote(str(folder / name)) for name in (ANSWERS, PROFILE, MAPPING))
    report, report_next, progress = (shlex.quote(str(folder / name)) for name in ("report", "report-next", "progress"))
    return f"""\
# Next steps

1. **Build the survey** in the form tool the client uses, one form per audience:

       okr-diagnose bank export --format google-apps-script --role team_member > team-form.gs
       okr-diagnose bank export --format google-apps-script --role leader > leader-form.gs
       okr-diagnose bank export --format qualtrics --role manager > manager-survey.txt

   (The README says how to run the script in a Google account or import the file in Qualtrics.)

2. **Interview** the sponsor and leaders in the terminal, one answers file each:

       okr-diagnose survey --answers {answers}/NAME.yaml

3. **Export** the last OKR cycle (and its check-ins) from the OKR tool, and the form responses as CSV.

4. **Diagnose**:

       okr-diagnose report --profile {profile} --okrs okrs.csv --checkins checkins.csv \\
           --answers {answers}/*.yaml \\
           --responses team.csv:team_member --responses leaders.csv:leader --out {report}

   `report.pdf` is for the client, `summary.pdf` for the sponsor. If the export's headers are not
   recognised, fill in `{MAPPING}` and add `--mapping {mapping}`.

5. **Next cycle**: diagnose again into another folder, then
   `okr-diagnose compare {report} {report_next} --out {progress}`.
"""


Ask = Callable[[], dict]


def ask_profile(prompt_io: Ask | None = None) -> Profile:
    """The profile's questions, in a terminal (questionary, as the survey asks them)."""
    import questionary

    def io() -> dict:
        return prompt_io() if prompt_io else {}

    defaults = Profile()

    def date_or_blank(text: str) -> bool | str:
        if not text.strip():
            return True
        try:
            dt.date.fromisoformat(text.strip())
        except ValueError:
            return "write it as YYYY-MM-DD, e.g. 2027-01-11, or leave it blank"
        return True

    def dates_or_blank(text: str) -> bool | str:
        for part in filter(None, (p.strip() for p in text.split(","))):
            if date_or_blank(part) is not True:
                return f"{part!r} is not a date: write them as YYYY-MM-DD, separated by commas"
        return True

    def minutes(text: str) -> bool | str:
        return True if text.strip().isdigit() and 60 <= int(text) <= 480 else "a number of minutes from 60 to 480"

    try:
        organisation = questionary.text("The organisation's name:", **io()).unsafe_ask()
        prepared_by = questionary.text("Prepared by (you, or your firm):", **io()).unsafe_ask()
        team_types = questionary.checkbox(
            "The kinds of team the programme is for:",
            choices=[questionary.Choice(kind.replace("_", " "), kind, checked=kind in defaults.team_types)
                     for kind in TEAM_TYPES], **io()).unsafe_ask()
        maturity = questionary.select(
            "How far along is the organisation with OKRs?",
            choices=[questionary.Choice("first cycle", "first_cycle"),
                     questionary.Choice("developing (2-3 cycles)", "developing"),
                     questionary.Choice("experienced", "experienced"),
                     questionary.Choice("not known yet (the interviews will say)", "")], **io()).unsafe_ask()
        start = questionary.text("First day the programme may start (YYYY-MM-DD, blank for three weeks on):",
                                 validate=date_or_blank, **io()).unsafe_ask()
        session = questionary.text("Longest session, in minutes:", default=str(defaults.session_minutes),
                                   validate=minutes, **io()).unsafe_ask()
        cadence = questionary.select("How often do teams check in?", choices=["weekly", "biweekly"],
                                     **io()).unsafe_ask()
        locale = questionary.select("Dates written as:", choices=[
            questionary.Choice("1 March 2027 (en-GB)", "en-GB"), questionary.Choice("March 1, 2027 (en-US)", "en-US")],
            **io()).unsafe_ask()
        blackout = questionary.text("Weeks to keep free (any day of each, YYYY-MM-DD, commas between; blank for none):",
                                    validate=dates_or_blank, **io()).unsafe_ask()
    except (KeyboardInterrupt, EOFError):
        raise Interrupted("Stopped before the profile was complete; nothing written.") from None
    return Profile(organisation=organisation.strip() or defaults.organisation,
                   prepared_by=prepared_by.strip() or defaults.prepared_by,
                   team_types=team_types or defaults.team_types, maturity=maturity or None,
                   start_date=dt.date.fromisoformat(start.strip()) if start.strip() else None,
                   session_minutes=int(session), checkin_cadence=cadence, locale=locale,
                   blackout_weeks=[dt.date.fromisoformat(p.strip()) for p in blackout.split(",") if p.strip()])


def in_a_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def engagement_files(folder: Path, profile: Profile, asked: bool) -> dict[Path, bytes]:
    """What `init` writes, by path relative to the folder."""
    return {Path(PROFILE): profile_text(profile, asked).encode("utf-8"),
            Path(MAPPING): MAPPING_TEXT.encode("utf-8"),
            Path(NEXT_STEPS): next_steps_text(folder).encode("utf-8"),
            Path(ANSWERS) / "README.md": ANSWERS_README.encode("utf-8")}


ANSWERS_README = """\
One answers file per interview, made by `okr-diagnose survey --answers answers/NAME.yaml`;
`okr-diagnose report --answers answers/*.yaml` reads them all.
"""
