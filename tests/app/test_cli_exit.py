"""``slipline export`` and ``inspect`` end their process once done, without Python's teardown
(app.cli.run), their output and exit code intact; the window is left to exit as Python does."""

from __future__ import annotations

from pathlib import Path

from tests.app.test_cli import run

# The entry point behind a hook that would speak at the interpreter's teardown.
SCRIPT = """
import atexit, sys
sys.path.insert(0, {root!r})
atexit.register(lambda: print("teardown ran", flush=True))
from app.cli import run
sys.argv = ["slipline", *sys.argv[1:]]
run()
"""


def _entry(tmp_path: Path) -> str:
    from tests.conftest import ROOT

    script = tmp_path / "entry.py"
    script.write_text(SCRIPT.format(root=str(ROOT)), encoding="utf-8")
    return str(script)


def test_an_export_ends_at_once_with_its_output_and_exit_code(tmp_path: Path) -> None:
    out = tmp_path / "chart.png"
    done = run("export", "-o", str(out), script=_entry(tmp_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"wrote {out} (")  # (flushed before the end)
    assert "teardown ran" not in done.stdout
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_failed_export_keeps_its_exit_code_and_message(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "chart.png"
    done = run("export", "-o", str(missing), script=_entry(tmp_path))
    assert done.returncode == 1
    assert "no-such-folder" in done.stderr
    assert "teardown ran" not in done.stdout


def test_inspect_ends_at_once_and_usage_errors_keep_exit_code_2(tmp_path: Path) -> None:
    done = run("inspect", "--json", script=_entry(tmp_path))
    assert done.returncode == 0 and done.stdout.lstrip().startswith("{")
    assert "teardown ran" not in done.stdout
    usage = run("export", "-o", str(tmp_path / "x.png"), "--page", "B7", script=_entry(tmp_path))
    assert usage.returncode == 2 and "--page" in usage.stderr


def test_other_commands_exit_as_python_does(tmp_path: Path) -> None:
    done = run("--help", script=_entry(tmp_path))
    assert done.returncode == 0
    assert "teardown ran" in done.stdout


def test_an_export_runs_without_the_cycle_collector_and_gives_it_back(monkeypatch) -> None:
    import gc

    from app import cli

    seen = []

    def checked(args):
        seen.append(gc.isenabled())
        raise cli._UsageError("stop here")

    monkeypatch.setattr(cli, "_export_checked", checked)
    assert gc.isenabled()
    assert cli.main(["export", "-o", "x.png"]) == 2  # (a usage error: still given back)
    assert seen == [False]
    assert gc.isenabled()
    gc.disable()  # (one that was off stays off)
    try:
        cli.main(["export", "-o", "x.png"])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_export_process_never_runs_the_cycle_collector(tmp_path: Path) -> None:
    """Turned on again at the export's end, the collector would pass over every object the
    export made just before the process ends: a tenth of a second wasted at 10,000 projects."""
    script = tmp_path / "counted.py"
    said = 'gc.callbacks.append(lambda phase, info: phase == "start" and print("collected"))\nrun()'
    script.write_text(
        SCRIPT.format(root=str(_root()))
        .replace("import atexit,", "import gc, atexit,")
        .replace("run()", said),
        encoding="utf-8",
    )
    done = run("export", "-o", str(tmp_path / "chart.png"), script=str(script))
    assert done.returncode == 0, done.stderr
    assert "collected" not in done.stdout


def _root() -> Path:
    from tests.conftest import ROOT

    return ROOT
