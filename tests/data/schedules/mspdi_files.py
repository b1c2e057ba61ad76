"""Small MS Project XML files written for the tests, from the structure of MS Project's XML
schema: a ``Project`` root in MS Project's namespace, ``StatusDate``, ``Tasks/Task`` with
``UID``, ``Name``, ``OutlineLevel``, ``Summary``, dates and ``Baseline`` children numbered 0–10."""

from __future__ import annotations


def task(
    uid: int,
    name: str,
    level: int,
    *,
    summary: bool = False,
    start: str = "",
    finish: str = "",
    actual_start: str = "",
    actual_finish: str = "",
    baselines: dict[int, str] | None = None,
    milestone: bool = False,
) -> str:
    """One ``<Task>`` element, its fields one per line; ``baselines`` maps a baseline's number
    to its finish day."""
    fields = [
        f"<UID>{uid}</UID>",
        f"<ID>{uid}</ID>",
        f"<Name>{name}</Name>",
        f"<OutlineLevel>{level}</OutlineLevel>",
        f"<Summary>{int(summary)}</Summary>",
        f"<Milestone>{int(milestone)}</Milestone>",
    ]
    for tag, value in (
        ("Start", start),
        ("Finish", finish),
        ("ActualStart", actual_start),
        ("ActualFinish", actual_finish),
    ):
        if value:
            fields.append(f"<{tag}>{value}T08:00:00</{tag}>")
    for number, day in (baselines or {}).items():
        fields.append(
            f"<Baseline><Number>{number}</Number><Start>{start}T08:00:00</Start>"
            f"<Finish>{day}T17:00:00</Finish></Baseline>"
        )
    # An assignment's baseline inside the task is not the task's (never read as one).
    fields.append("<TimephasedData><Baseline><Number>3</Number></Baseline></TimephasedData>")
    return "<Task>\n" + "\n".join(fields) + "\n</Task>"


def project(tasks: list[str], status_date: str = "", prolog: str = "") -> str:
    status = f"<StatusDate>{status_date}T08:00:00</StatusDate>\n" if status_date else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"{prolog}"
        '<Project xmlns="http://schemas.microsoft.com/project">\n'
        "<Name>Depot.xml</Name>\n"
        "<CurrentDate>2030-01-01T08:00:00</CurrentDate>\n"
        f"{status}"
        "<Tasks>\n"
        + task(0, "Depot programme", 0, summary=True, start="2019-01-07", finish="2019-12-20")
        + "\n"
        + "\n".join(tasks)
        + "\n</Tasks>\n</Project>\n"
    )


# The plan of the hand-worked tests: two summaries (Depot, Design under it), three tasks.
# - "Foundations" (UID 3): Baseline 2019-03-01, Baseline1 2019-03-15, Baseline2 2019-04-05,
#   current Finish = Baseline2, unfinished: 2 re-promises.
# - "Survey" (UID 4): completed, ActualFinish 2019-02-20 against Baseline 2019-02-08.
# - "Signals" (UID 6): under the top summary only; Baseline 2019-06-28, Finish 2019-07-26.
PLAN_TASKS = [
    task(1, "Depot", 1, summary=True, start="2019-01-07", finish="2019-07-26"),
    task(2, "Design", 2, summary=True, start="2019-01-07", finish="2019-04-05"),
    task(
        3,
        "Foundations",
        3,
        start="2019-01-14",
        finish="2019-04-05",
        actual_start="2019-01-15",
        baselines={0: "2019-03-01", 1: "2019-03-15", 2: "2019-04-05"},
    ),
    task(
        4,
        "Survey",
        3,
        start="2019-01-07",
        finish="2019-02-20",
        actual_start="2019-01-07",
        actual_finish="2019-02-20",
        baselines={0: "2019-02-08"},
    ),
    task(
        6,
        "Signals",
        2,
        start="2019-05-06",
        finish="2019-07-26",
        baselines={0: "2019-06-28"},
        milestone=False,
    ),
]
PLAN = project(PLAN_TASKS, status_date="2019-03-29")
