"""Whether Qt can open a window here (the command line asks before it starts the window)."""

from __future__ import annotations

import os
import sys


def has_display() -> bool:
    """True when Qt can open a window here: a platform that needs no display server, or an X11
    or Wayland display that answers (Qt would abort on one that does not)."""
    platform = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0]
    if platform not in ("", "xcb", "wayland") or not sys.platform.startswith("linux"):
        return True
    wayland = os.environ.get("WAYLAND_DISPLAY")
    if wayland and platform != "xcb":
        runtime = os.environ.get("XDG_RUNTIME_DIR", "")
        if os.path.exists(wayland if os.path.isabs(wayland) else os.path.join(runtime, wayland)):
            return True
    display = os.environ.get("DISPLAY", "")
    return bool(display) and platform != "wayland" and _x_display_answers(display)


def _x_display_answers(display: str) -> bool:
    """Whether the X server of ``display`` (``:0``, ``unix:1``, ``host:0.0``) accepts a
    connection on its socket."""
    import re
    import socket

    match = re.match(r"^(?P<host>[^:]*):(?P<number>\d+)", display)
    if match is None:
        return False
    host, number = match["host"], int(match["number"])
    try:
        if host in ("", "unix"):
            for address in (f"/tmp/.X11-unix/X{number}", f"\0/tmp/.X11-unix/X{number}"):
                with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                    sock.settimeout(1.0)
                    try:
                        sock.connect(address)
                        return True
                    except OSError:
                        continue
            return False
        socket.create_connection((host, 6000 + number), timeout=1.0).close()
        return True
    except OSError:
        return False
