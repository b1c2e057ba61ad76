"""A long PDF's pages painted by several processes at once: ``slipline export`` of thousands of
rows spends most of its time painting pages (Qt's PDF engine writing and compressing each
page's content), one page after another on one core. Forked once the chart is laid out, each
child paints a run of the later pages into a file of its own, the parent the first run; the
children's pages are then appended to the parent's file (:func:`append_pages`), in order, so
the file holds the same pages in the same order as one process would write them (each run
painted from its own first page's geometry, which every page shares), with each child's fonts
kept as its own font objects.

Only the command line forks (never the window, whose threads a fork would not carry), on
Linux and with enough pages to share (two processes unless told otherwise: the same
input and options then give the same bytes whatever the cores); a child that fails or does not
finish in time is stopped and its pages are painted by the parent instead.

:func:`append_pages` reads files as Qt writes them (app/export_pdf_frame.py reads them alike):
anything else and it leaves the first file alone and says so (returns False).
"""

from __future__ import annotations

import functools
import os
import re
import signal
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from app.export_pdf_frame import _REF, UnexpectedPdfError, _objects, _one, _serialise

MIN_PAGES_EACH = 20  # fewer pages a process than this: not worth a fork (~50 ms each)
# Two, whatever the cores: a file's bytes depend on how its pages were shared out, and the same
# input and options give the same file whatever the cores (the aim's machine has two).
PROCESSES = 2
_REFERENCE = re.compile(rb"(?<![\d.])(\d+) 0 R\b")
_HEAD = re.compile(rb"^(\d+) 0 obj")


def processes_for(pages: int, wanted: int | None = None) -> int:
    """How many processes paint ``pages`` pages: ``wanted`` (None: ``SLIPLINE_PDF_PROCESSES``
    when set to a number, else :data:`PROCESSES`), at least :data:`MIN_PAGES_EACH` pages
    each, and 1 where there is no fork."""
    if not hasattr(os, "fork") or not sys.platform.startswith("linux"):
        return 1  # (macOS's system libraries, which Qt's fonts use there, may not run forked)
    told = os.environ.get("SLIPLINE_PDF_PROCESSES", "").strip()
    if wanted is None:
        wanted = int(told) if told.isdigit() and int(told) > 0 else PROCESSES
    return max(1, min(wanted, pages // MIN_PAGES_EACH))


def runs(starts: Sequence[int], processes: int) -> list[list[int]]:
    """``starts`` cut into ``processes`` runs, in order, as even as whole pages allow (the
    first runs one page longer where they do not divide)."""
    size, extra = divmod(len(starts), processes)
    cuts, at = [], 0
    for number in range(processes):
        length = size + (number < extra)
        cuts.append(list(starts[at : at + length]))
        at += length
    return [run for run in cuts if run]


class Child:
    """A forked process running ``paint`` (exit 0 when it returned, 1 when it raised)."""

    def __init__(self, paint: Callable[[], None]) -> None:
        for stream in (sys.stdout, sys.stderr):  # (what the parent has not written yet,
            stream.flush()  # written once, not by both)
        pid = os.fork()
        if pid == 0:  # pragma: no cover (the child: measured through the file it writes)
            code = 1
            try:
                paint()
                code = 0
            finally:
                os._exit(code)
        self.pid, self.ended = pid, False

    def finished(self, timeout: float) -> bool:
        """True when it ended well within ``timeout`` seconds; else it is stopped, False."""
        deadline = time.monotonic() + timeout
        while True:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.ended = True
                return os.waitstatus_to_exitcode(status) == 0
            if time.monotonic() > deadline:
                self.stop()
                return False
            time.sleep(0.005)

    def stop(self) -> None:
        """Stopped and its end collected, if it has not ended yet."""
        if not self.ended:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.ended = True


def append_pages(path: Path, others: Sequence[Path]) -> bool:
    """The pages of ``others`` appended, in order, to the PDF at ``path``, their objects
    renumbered after its own; False (``path`` untouched) when a file is not laid out as Qt
    writes it."""
    try:
        data = _append(path.read_bytes(), [other.read_bytes() for other in others])
    except (UnexpectedPdfError, ValueError, KeyError, IndexError, OSError):
        return False
    path.write_bytes(data)
    return True


def _tree(objects: dict[int, bytes], trailer: bytes) -> tuple[int, int, re.Match[bytes]]:
    """The catalog's and the page tree's numbers and the tree's ``/Kids`` list."""
    root = int(_one(rb"/Root " + _REF, trailer).group(1))
    pages = int(_one(rb"/Pages " + _REF, objects[root]).group(1))
    return root, pages, _one(rb"/Kids\s*\[([^\]]*)\]", objects[pages])


def _append(data: bytes, others: list[bytes]) -> bytes:
    objects, first, trailer = _objects(data)
    _, pages, kids_match = _tree(objects, trailer)
    kids = [int(k) for k in re.findall(_REF, kids_match.group(1))]
    for other in others:
        added, own_kids = _renumbered(other, max(objects), pages)
        objects.update(added)
        kids += own_kids
    listed = b"\n".join(b"%d 0 R" % k for k in kids)
    tree = objects[pages]
    tree = tree[: kids_match.start(1)] + b"\n" + listed + b"\n" + tree[kids_match.end(1) :]
    tree, counted = re.subn(rb"/Count \d+", b"/Count %d" % len(kids), tree)
    if counted != 1:
        raise UnexpectedPdfError
    objects[pages] = tree
    return _serialise(data[:first], objects, trailer, max(objects) + 1)


def _renumbered(data: bytes, after: int, parent: int) -> tuple[dict[int, bytes], list[int]]:
    """The objects of the file ``data`` numbered from ``after + 1`` on, its catalog, page tree,
    information and metadata left out (made null), its pages' parent made ``parent``; and its
    pages' new numbers."""
    objects, _, trailer = _objects(data)
    root, pages, kids_match = _tree(objects, trailer)
    kids = [int(k) for k in re.findall(_REF, kids_match.group(1))]
    dropped = {root, pages}
    for key in (rb"/Info ", rb"/Metadata ", rb"/Names "):
        found = re.search(key + _REF, trailer + objects[root])
        if found is not None:
            dropped.add(int(found.group(1)))
    renumbered = {}
    for number, text in objects.items():
        new = number + after
        if number in dropped:
            renumbered[new] = b"%d 0 obj\nnull\nendobj\n" % new
            continue
        head, stream, rest = text.partition(b"stream\n")  # (a stream's bytes are left as they are)
        if not _HEAD.match(head):
            raise UnexpectedPdfError
        head = _REFERENCE.sub(lambda m: b"%d 0 R" % (int(m.group(1)) + after), head)
        head = _HEAD.sub(b"%d 0 obj" % new, head, count=1)
        if number in kids:
            head, moved = re.subn(rb"/Parent \d+ 0 R", b"/Parent %d 0 R" % parent, head)
            if moved != 1:
                raise UnexpectedPdfError
        renumbered[new] = head + stream + rest
    return renumbered, [k + after for k in kids]


def paint_runs(
    starts: Sequence[int],
    processes: int,
    paint: Callable[[list[int], Path | None], None],
    tmp: Path,
) -> bool:
    """Paint ``starts`` (every page's first row) into ``tmp``: ``paint(run, None)`` paints the
    first run into ``tmp`` in this process, ``paint(run, file)`` each later run into ``file``
    in a forked child; the children's pages are then appended. False when a child failed or a
    file could not be read: ``tmp`` then holds the first run's pages only (the caller paints
    them all again)."""
    cut = runs(starts, processes)
    files = [tmp.with_name(f"{tmp.name}.{number}.pdf") for number in range(1, len(cut))]
    children = []
    try:
        for run, file in zip(cut[1:], files, strict=True):
            children.append(Child(functools.partial(paint, run, file)))
        began = time.monotonic()
        paint(cut[0], None)
        # A child paints no more pages than this process did: ten times as long is a hang.
        timeout = 30 + 10 * (time.monotonic() - began)
        done = [child.finished(timeout) for child in children]
        return all(done) and append_pages(tmp, files)
    finally:
        for child in children:  # (this process's paint raised: they are not waited for)
            child.stop()
        for file in files:
            file.unlink(missing_ok=True)
