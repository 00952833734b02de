"""How each form tool lays out its export's header: which tool wrote it, how many header rows it
has, what each column is headed, and which columns are the tool's own metadata rather than answers.

Google Forms, Microsoft Forms, SurveyMonkey, Qualtrics, Typeform and LimeSurvey each do it
differently (DOMAIN.md, "Survey exports from form tools"); anything else is read as one
header row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from diagnose.content.labels import fold

# Columns the tools add about the response rather than the respondent's answers, in folded
# form. The generic names are skipped in every layout: they carry no answer, and names and
# emails are better not read at all.
_GENERIC_METADATA = {"timestamp", "id", "respondent id", "response id", "email", "email address", "name",
                     "submitted", "submitted at", "submit date", "start date", "end date", "start time",
                     "end time", "completion time", "ip address", "duration"}
_METADATA = {
    "google-forms": {"username", "score"},
    "microsoft-forms": {"last modified time", "total points", "quiz feedback", "grade posted to learners"},
    "surveymonkey": {"collector id", "first name", "last name"},
    "qualtrics": {"startdate", "enddate", "status", "ipaddress", "progress", "duration (in seconds)", "finished",
                  "recordeddate", "responseid", "recipientlastname", "recipientfirstname", "recipientemail",
                  "externalreference", "externaldatareference", "locationlatitude", "locationlongitude",
                  "distributionchannel", "userlanguage", "response type", "recorded date",
                  "recipient last name", "recipient first name", "recipient email", "external data reference",
                  "location latitude", "location longitude", "distribution channel", "user language",
                  "q_recaptchascore", "q_relevantidduplicate", "q_relevantidfraudscore", "q_ballotboxstuffing"},
    "typeform": {"#", "start date (utc)", "submit date (utc)", "stage date (utc)", "network id", "tags",
                 "response type", "ending"},
    "limesurvey": {"submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr",
                   "refurl", "token", "interviewtime", "date submitted", "last page", "start language",
                   "date started", "date last action", "referrer url", "total time", "access code"},
    "generic": set(),
}
_METADATA_PREFIXES = {"microsoft-forms": ("points - ", "feedback - "), "surveymonkey": ("custom data",),
                      "limesurvey": ("grouptime", "group time", "question time")}
# LimeSurvey's timing export names a column per question by its SGQA code: 123456X7X89time.
_LIMESURVEY_TIMING = re.compile(r"\d+x\d+x\d+\w*time")
# SurveyMonkey's second header row for a question answered in one cell.
_ONE_CELL_SUBHEADERS = {"response", "open-ended response"}

@dataclass(frozen=True)
class ColumnHeader:
    index: int
    text: str
    row: int                   # the header row `text` was read from, counting from 1
    option: str | None = None  # SurveyMonkey's second header row: the option this column ticks
    code: str | None = None    # Qualtrics' first header row: the question's export tag

    def shown(self) -> str:
        full = f"{self.text} [{self.option}]" if self.option else self.text
        full = " ".join(full.split())
        return full if len(full) <= 70 else full[:67] + "..."


@dataclass(frozen=True)
class Layout:
    tool: str
    header_rows: int
    columns: list[ColumnHeader]


def detect_layout(rows: list[list[str]]) -> Layout:
    """Which tool wrote the export, how many header rows it has, and what each column is headed."""
    first = [fold(cell) for cell in rows[0]]

    def begins(*names: str) -> bool:
        return first[:len(names)] == list(names)

    import_ids = len(rows) > 2 and any(cell.strip().startswith('{"ImportId"') for cell in rows[2])
    if import_ids or ("startdate" in first and "responseid" in first):
        texts, text_row = (rows[1], 2) if len(rows) > 1 else (rows[0], 1)
        columns = [ColumnHeader(i, texts[i] if i < len(texts) else "", text_row, code=code)
                   for i, code in enumerate(rows[0])]
        return Layout("qualtrics", 3 if import_ids else 2, columns)
    if begins("respondent id", "collector id", "start date", "end date"):
        return Layout("surveymonkey", 2, _surveymonkey_columns(rows))
    if first[:1] == ["timestamp"]:
        tool = "google-forms"
    elif begins("id", "start time", "completion time", "email", "name"):
        tool = "microsoft-forms"
    elif first[:1] == ["#"] and {"start date (utc)", "submit date (utc)"} & set(first):
        tool = "typeform"
    elif begins("id", "submitdate", "lastpage", "startlanguage") or begins(
            "response id", "date submitted", "last page", "start language"):
        tool = "limesurvey"
    else:
        tool = "generic"
    return Layout(tool, 1, [ColumnHeader(i, text, 1) for i, text in enumerate(rows[0])])


def _surveymonkey_columns(rows: list[list[str]]) -> list[ColumnHeader]:
    """A multi-select's question text heads only its first option column; the rest inherit it."""
    second = rows[1] if len(rows) > 1 else []
    columns, current = [], ""
    for index, text in enumerate(rows[0]):
        if text.strip():
            current = text
        option = second[index].strip() if index < len(second) else ""
        if fold(option) in _ONE_CELL_SUBHEADERS or not option:
            columns.append(ColumnHeader(index, current, 1))
        else:
            columns.append(ColumnHeader(index, current, 2, option=option))
    return columns


def is_metadata(tool: str, header: ColumnHeader) -> bool:
    names = _GENERIC_METADATA | _METADATA[tool]
    prefixes = _METADATA_PREFIXES.get(tool, ())
    for text in (header.text, header.code):
        key = fold(text or "")
        if key in names or (prefixes and key.startswith(prefixes)):
            return True
        if tool == "limesurvey" and _LIMESURVEY_TIMING.fullmatch(key):
            return True
    return False
