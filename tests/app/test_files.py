"""What a dropped folder opens, the dataset's name for the title, and the recent files kept."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6 import QtCore

from app.files import RECENT_MAX, RecentFiles, dataset_name, expand, skipped_problems


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    (folder / "old").mkdir(parents=True)
    for name in ("b.csv", "A.xlsx", "plan.XML", "notes.md", ".hidden.csv", "~$A.xlsx"):
        (folder / name).write_text("x", encoding="utf-8")
    (folder / "old" / "deeper.csv").write_text("x", encoding="utf-8")
    return folder


def test_a_folder_opens_its_own_tables_and_schedules_and_says_what_it_skipped(tmp_path) -> None:
    folder = _folder(tmp_path)
    given = tmp_path / "given.dat"  # a file given by name is tried whatever its suffix
    given.write_text("x", encoding="utf-8")
    out = expand([str(folder), str(given), str(folder / "b.csv")])
    # By name, case aside: A.xlsx, b.csv, plan.XML; then the file given (b.csv only once).
    assert out.files == [str(folder / n) for n in ("A.xlsx", "b.csv", "plan.XML")] + [str(given)]
    assert out.folders == [str(folder)]
    skipped = dict(out.skipped)
    assert set(skipped) == {str(folder / n) for n in (".hidden.csv", "notes.md", "old", "~$A.xlsx")}
    assert "hidden" in skipped[str(folder / ".hidden.csv")]
    assert "folder" in skipped[str(folder / "old")]  # one level: deeper.csv is not opened
    assert "lock" in skipped[str(folder / "~$A.xlsx")]
    problems = skipped_problems(out)
    assert [(p.file, p.row) for p in problems] == [(path, None) for path, _ in out.skipped]
    assert all(p.message.startswith("skipped: ") for p in problems)


def test_the_dataset_is_named_by_its_folder_or_first_file() -> None:
    f = os.path.join
    assert dataset_name([f("d", "a.csv")], []) == "a.csv"
    assert dataset_name([f("d", "a.csv"), f("d", "b.csv"), f("e", "c.xml")], []) == (
        "a.csv + 2 more"
    )
    assert dataset_name([f("d", "a.csv"), f("d", "b.csv")], ["d"]) == "d/"
    assert dataset_name([f("d", "a.csv"), f("e", "c.csv")], ["d"]) == "d/ + 1 more"
    assert dataset_name([], ["d"]) == ""


def _settings(folder: Path) -> QtCore.QSettings:
    return QtCore.QSettings(str(folder / "s.ini"), QtCore.QSettings.Format.IniFormat)


def test_recent_files_are_newest_first_each_once_and_at_most_ten(tmp_path) -> None:
    settings = _settings(tmp_path)
    recent = RecentFiles(settings)
    names = [str(tmp_path / f"f{k}.csv") for k in range(12)]
    for name in names:
        recent.add([name])
    assert recent.paths() == names[::-1][:10] and RECENT_MAX == 10
    recent.add([names[5], names[11]])
    assert recent.paths()[:3] == [names[5], names[11], names[10]]
    assert len(recent.paths()) == 10 and len(set(recent.paths())) == 10
    settings.sync()
    again = RecentFiles(_settings(tmp_path))
    assert again.paths() == recent.paths()
    Path(names[5]).write_text("x", encoding="utf-8")  # the only one that exists
    assert names[5] not in recent.missing() and len(recent.missing()) == 9
    recent.remove(recent.missing())
    assert recent.paths() == [names[5]]
    settings.sync()
    again = RecentFiles(_settings(tmp_path))
    assert again.paths() == [names[5]]  # (one entry comes back as a list too)
