"""Synthetic organisations for tests: healthy everywhere, or with one weakness planted.

A healthy organisation answers the survey well and ran a clean last cycle: outcome key
results with baselines, aligned objectives, one owner each, weekly check-ins, honest
confidence and scores around 0.7. `plant` spoils exactly one area, in both halves where the
area has both.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import yaml

from diagnose.content.bank import Bank

AREAS_WITH_A_CYCLE = ("alignment", "goal_quality", "accountability", "confidence")
METRICS = ["weekly active shippers", "on-time delivery rate", "customer satisfaction score", "first-contact resolution",
           "invoice accuracy", "employee retention", "carrier activation", "booking conversion", "system uptime"]
START = dt.date(2026, 7, 6)


def _closest(question, target: float) -> str:
    scored = [c for c in question.choices if c.score is not None]
    return min(scored, key=lambda c: abs(c.score - target)).value


def write_answers(folder: Path, bank: Bank, weak_area: str | None, profile: dict, weak_score: float = 15,
                  per_role: int = 3) -> list[Path]:
    """Three leaders, three managers, three team members (per_role of each); the weak area's
    questions answered with the choice nearest weak_score (0 the worst)."""
    paths = []
    for role in ("leader", "manager", "team_member"):
        for number in range(per_role):
            answers: dict = {}
            for question in bank.for_role(role):
                if question.profile in ("role", "team", "organisation", "start_date", "org_size", "training_days"):
                    continue
                if question.profile == "team_types" and role == "leader":
                    answers[question.id] = profile["team_types"]
                elif question.profile == "cycles_run" and role == "leader":
                    answers[question.id] = profile["cycles_run"]
                elif question.scored:
                    target = 85
                    if question.area == weak_area:
                        # Leadership consistency is weak when leaders think it is fine and nobody else does.
                        target = 90 if weak_area == "leadership_consistency" and role == "leader" else weak_score
                    value = _closest(question, target)
                    answers[question.id] = [value] if question.type == "multi" else value
            path = folder / f"{role}-{number}.yaml"
            path.write_text(yaml.safe_dump({"bank": bank.bank, "bank_version": bank.version,
                                            "respondent": {"role": role}, "answers": answers}))
            paths.append(path)
    return paths


def write_cycle(folder: Path, weak_area: str | None) -> tuple[Path, Path]:
    okrs, checkins = folder / "okrs.csv", folder / "checkins.csv"
    teams = ["Product: App", "Product: Platform", "Operations: Network", "Operations: Support",
             "Shared Services: Finance", "Shared Services: People"]
    kr_rows, checkin_rows = [], []
    objectives = [("C1", "Make booking effortless for small shippers", "Executive", "company", ""),
                  ("C2", "Become the most reliable carrier network in the UK", "Executive", "company", "")]
    for number, team in enumerate(teams):
        parent = "" if weak_area == "alignment" and number % 2 == 0 else f"C{number % 2 + 1}"
        objectives.append((f"T{number}", f"Win the trust of our customers in {team.split(': ')[1]}", team, "team", parent))
    count = 0
    for oid, title, team, level, parent in objectives:
        for kr_number in range(3):
            count += 1
            kid = f"{oid}.{kr_number + 1}"
            metric = METRICS[count % len(METRICS)]
            base, target = 40 + count, 60 + count
            text = f"Raise {metric} from {base} to {target}"
            start_value, target_value = str(base), str(target)
            if weak_area == "goal_quality" and count % 3 != 0:
                text = ["Launch the new portal for this team", "Complete the migration to the new tool",
                        "Run monthly stakeholder workshops"][count % 3 - 1] + f" ({kid})"
                start_value = target_value = ""
            owner = f"Owner {count}"
            if weak_area == "accountability" and count % 3 == 0:
                owner = ""
            missed = weak_area == "confidence" and count % 2 == 0
            score = 0.15 if missed else 0.6 + (count % 4) * 0.05
            current = base + (target - base) * score
            weeks = 13
            if weak_area == "accountability" and count % 3 != 2:
                weeks = 3  # silent after the third week
            confidences = []
            for week in range(weeks):
                if missed:
                    confidence = 8 if week < 11 else 3
                elif weak_area == "confidence":
                    confidence = 7
                else:
                    confidence = 6 + (week + count) % 3
                confidences.append(confidence)
                value = base + (current - base) * (week + 1) / 13
                checkin_rows.append([kid, (START + dt.timedelta(weeks=week)).isoformat(), f"{value:.1f}", confidence, ""])
            kr_rows.append(["2026-Q3", oid, title, team, level, parent, kid, text, owner, start_value, target_value,
                            f"{current:.1f}" if start_value else "", f"{score:.2f}", confidences[-1],
                            "off_track" if missed else "on_track"])
    with okrs.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["cycle", "objective_id", "objective", "team", "level", "parent", "key_result_id", "key_result",
                         "owner", "start_value", "target_value", "current_value", "score", "confidence", "status"])
        writer.writerows(kr_rows)
    with checkins.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["key_result_id", "date", "value", "confidence", "comment"])
        writer.writerows(checkin_rows)
    return okrs, checkins


def write_profile(folder: Path, **fields) -> Path:
    profile = {"organisation": "Test Organisation", "team_types": ["product", "operations", "shared_services"],
               "cycles_run": 4, "start_date": "2027-01-11", "session_minutes": 210}
    profile.update(fields)
    path = folder / "profile.yaml"
    path.write_text(yaml.safe_dump(profile))
    return path
