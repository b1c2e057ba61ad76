"""PySide6 6.12.0 on Python 3.11 corrupts None's reference count and aborts after a few thousand
Qt calls: fail on that pair."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import PySide6
import pytest

CALLS = 10_000


def test_installed_pyside_is_not_the_known_bad_pair() -> None:
    version = tuple(int(p) for p in PySide6.__version__.split(".")[:3])
    assert not (version == (6, 12, 0) and sys.version_info < (3, 12)), (
        f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]} aborts after a few "
        "thousand Qt calls; pyproject.toml's version marker should have prevented this install"
    )


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_void_qt_calls_and_emits_leave_none_refcount_unchanged() -> None:
    script = textwrap.dedent(f"""
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6 import QtCore

        class Emitter(QtCore.QObject):
            fired = QtCore.Signal(int)

        app = QtCore.QCoreApplication([])
        obj, emitter = QtCore.QObject(), Emitter()
        received = []
        emitter.fired.connect(received.append)
        before = sys.getrefcount(None)
        for i in range({CALLS}):
            obj.setObjectName("x")          # a Qt call that returns nothing
            emitter.fired.emit(i)           # a signal emit
        after = sys.getrefcount(None)
        assert len(received) == {CALLS}
        print(after - before)
    """)
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    drift = int(result.stdout.strip().splitlines()[-1])
    # The bad pair loses one reference per call (tens of thousands); a healthy one stays put.
    assert abs(drift) < 100, f"None's refcount drifted by {drift} over {CALLS} calls"
