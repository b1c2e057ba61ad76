"""Schedule files opened with their metrics (docs/benchmarks.md, Schedules).

Run from the repository root: ``.venv/bin/python benchmarks/bench_schedules.py [--runs N]
[--tasks N] [--activities N]``. Two generated files, each opened whole (read, converted, the
ledger built, metrics as of the file's status date), several runs, the median:

- an MS Project XML file of 10,000 tasks (~10.6 MiB): MS Project's usual ~40 fields per task, a
  baseline and two numbered baselines, one summary per 20 tasks;
- a Primavera P6 XER file of 4,000 activities (~3 MB): a project with a three-level WBS, P6's
  usual TASK fields, actuals on two thirds, and its baseline project (the same 4,000
  activities' target dates, a little earlier) in the file.

Beside each, in the same run, what a user without Slipline would reach for to merely read the
tasks: ``pandas.read_xml`` of the MSPDI's ``Task`` elements, ``pandas.read_csv`` of the XER's
TASK table. The ratio says how much the whole open costs over that bare reading.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from data.load import load_files
from data.metrics import snapshot

FILLER = "".join(f"<Field{k}>0</Field{k}>" for k in range(30))  # the fields not read


def _day(n: int) -> str:
    return (dt.date(2019, 1, 7) + dt.timedelta(days=n)).isoformat()


def write_mspdi(path: Path, tasks: int) -> None:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Project xmlns="http://schemas.microsoft.com/project">\n'
        "<StatusDate>2020-06-30T08:00:00</StatusDate>\n<Tasks>\n"
    ]
    for uid in range(1, tasks + 1):
        summary = uid % 20 == 1
        s, f = uid % 400, uid % 400 + 30 + uid % 50
        base = "".join(
            f"<Baseline><Number>{n}</Number><Start>{_day(s)}T08:00:00</Start>"
            f"<Finish>{_day(f - 10 + 5 * n)}T17:00:00</Finish></Baseline>"
            for n in range(3)
        )
        parts.append(
            f"<Task>\n<UID>{uid}</UID><ID>{uid}</ID><Name>Task {uid}</Name>"
            f"<OutlineLevel>{1 if summary else 2}</OutlineLevel><Summary>{int(summary)}</Summary>"
            f"<Milestone>0</Milestone><Start>{_day(s)}T08:00:00</Start>"
            f"<Finish>{_day(f)}T17:00:00</Finish>{FILLER}{base}\n</Task>\n"
        )
    parts.append("</Tasks>\n</Project>\n")
    path.write_text("".join(parts), encoding="utf-8")


# P6's TASK fields in an export (those Slipline reads among them), the rest filled with zeros.
_FIELD_NAMES = (
    "task_id proj_id wbs_id clndr_id phys_complete_pct rev_fdbk_flag est_wt lock_plan_flag "
    "auto_compute_act_flag complete_pct_type task_type duration_type status_code task_code "
    "task_name rsrc_id total_float_hr_cnt free_float_hr_cnt remain_drtn_hr_cnt act_work_qty "
    "remain_work_qty target_work_qty target_drtn_hr_cnt target_equip_qty act_equip_qty "
    "remain_equip_qty cstr_date act_start_date act_end_date late_start_date late_end_date "
    "expect_end_date early_start_date early_end_date restart_date reend_date target_start_date "
    "target_end_date rem_late_start_date rem_late_end_date cstr_type priority_type "
    "suspend_date resume_date float_path float_path_order guid tmpl_guid cstr_date2 "
    "cstr_type2 driving_path_flag act_this_per_work_qty act_this_per_equip_qty "
    "external_early_start_date external_late_end_date create_date update_date create_user "
    "update_user location_id"
)
TASK_FIELDS = _FIELD_NAMES.split()


def _p6(n: int, hour: str = "08:00") -> str:
    return f"{_day(n)} {hour}"


def _activity(k: int, wbs: int, project: str = "1") -> dict[str, str]:
    s, f = k % 300, k % 300 + 20 + k % 40
    if project != "1":  # the baseline project: the plan as it was, a little earlier
        s, f = s - k % 5, f - k % 9
    done, started = k % 3 == 0, k % 3 != 2
    row = dict.fromkeys(TASK_FIELDS, "0")
    row.update(
        task_id=str(10_000 * int(project) + k),
        proj_id=project,
        wbs_id=str(wbs),
        clndr_id="600",
        complete_pct_type="CP_Drtn",
        task_type="TT_FinMile" if k % 50 == 0 else "TT_Task",
        duration_type="DT_FixedDUR2",
        status_code="TK_Complete" if done else ("TK_Active" if started else "TK_NotStart"),
        task_code=f"A{k:05d}",
        task_name=f"Activity {k} of the works",
        target_drtn_hr_cnt=str((f - s) * 8),
        remain_drtn_hr_cnt="0" if done else str((f - s) * 4),
        act_start_date=_p6(s + 1) if started else "",
        act_end_date=_p6(f + k % 7, "17:00") if done else "",
        early_start_date=_p6(s + 1),
        early_end_date=_p6(f + k % 11, "17:00"),
        late_start_date=_p6(s + 5),
        late_end_date=_p6(f + 20, "17:00"),
        reend_date="" if done else _p6(f + k % 11, "17:00"),
        target_start_date=_p6(s),
        target_end_date=_p6(f, "17:00"),
        guid=f"{{{k:08X}-AAAA-BBBB-CCCC-{k:012X}}}",
        create_date=_p6(0),
        update_date=_p6(400),
        create_user="admin",
        update_user="admin",
    )
    return row


def write_xer(path: Path, activities: int) -> None:
    lines = [
        "ERMHDR\t19.12\t2021-01-04\tProject\tadmin\tAdmin\tdbxDatabaseNoName\tProject Management"
        "\tUSD",
        "%T\tPROJECT",
        "%F\tproj_id\tproj_short_name\tlast_recalc_date\tsum_base_proj_id",
        f"%R\t1\tWORKS\t{_p6(300)}\t2",
        f"%R\t2\tWORKS-BL\t{_p6(0)}\t",
        "%T\tPROJWBS",
        "%F\twbs_id\tproj_id\tparent_wbs_id\twbs_short_name\twbs_name\tproj_node_flag\tseq_num",
        "%R\t100\t1\t\tWORKS\tThe works\tY\t0",
    ]
    leaves = []
    for a in range(5):  # 5 areas × 8 sections × 5 packages = 200 leaf nodes
        area = 200 + a
        lines.append(f"%R\t{area}\t1\t100\tA{a}\tArea {a}\tN\t{a}")
        for s in range(8):
            section = 1000 + a * 10 + s
            lines.append(f"%R\t{section}\t1\t{area}\tS{s}\tSection {a}.{s}\tN\t{s}")
            for p in range(5):
                leaf = 10_000 + a * 100 + s * 10 + p
                lines.append(f"%R\t{leaf}\t1\t{section}\tP{p}\tPackage {a}.{s}.{p}\tN\t{p}")
                leaves.append(leaf)
    lines += ["%T\tTASK", "%F\t" + "\t".join(TASK_FIELDS)]
    for k in range(1, activities + 1):
        row = _activity(k, leaves[k * len(leaves) // (activities + 1)])
        lines.append("%R\t" + "\t".join(row[f] for f in TASK_FIELDS))
    for k in range(1, activities + 1):
        row = _activity(k, leaves[k * len(leaves) // (activities + 1)], "2")
        lines.append("%R\t" + "\t".join(row[f] for f in TASK_FIELDS))
    lines.append("%E")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))


def open_with_metrics(path: Path) -> str:
    ledger = load_files([str(path)])
    snapshot(ledger, ledger.report.as_of)
    return f"{ledger.report.projects} projects, {ledger.report.events} events"


def pandas_mspdi(path: Path) -> str:
    ns = {"p": "http://schemas.microsoft.com/project"}
    frame = pd.read_xml(path, xpath="./p:Tasks/p:Task", namespaces=ns, parser="etree")
    return f"{len(frame)} rows"


def pandas_xer(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    table = text[text.index("%T\tTASK") :]
    table = table[table.index("\n") + 1 : table.index("%E")]
    frame = pd.read_csv(io.StringIO(table), sep="\t", dtype=str, keep_default_na=False)
    return f"{len(frame)} rows"


def _median(runs: int, work: Callable[[], str]) -> tuple[float, list[float], str]:
    times, said = [], ""
    for _ in range(runs):
        begin = time.perf_counter()
        said = work()
        times.append(time.perf_counter() - begin)
    return statistics.median(times), times, said


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--activities", type=int, default=4_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        mspdi, xer = Path(folder) / "plan.xml", Path(folder) / "plan.xer"
        write_mspdi(mspdi, args.tasks)
        write_xer(xer, args.activities)
        for label, path, other, other_label in (
            (f"MSPDI, {args.tasks:,} tasks", mspdi, pandas_mspdi, "pandas.read_xml"),
            (f"XER, {args.activities:,} activities", xer, pandas_xer, "pandas.read_csv"),
        ):
            size = path.stat().st_size / 2**20
            ours, times, said = _median(args.runs, functools.partial(open_with_metrics, path))
            bare, _, _ = _median(args.runs, functools.partial(other, path))
            runs = ", ".join(f"{t:.2f}" for t in times)
            print(
                f"{label}, {size:.1f} MiB: open + metrics median {ours:.2f} s (runs {runs};"
                f" {said}); {other_label} of the tasks alone {bare:.2f} s; ratio {ours / bare:.2f}"
            )


if __name__ == "__main__":
    main()
