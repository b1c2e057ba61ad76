"""The PDF's frame written once: a PDF "form" (a drawing kept once in the file and shown by
reference) that every page of rows draws over its rows, instead of the frame's drawing repeated
on each page.

Qt's ``QPdfWriter`` has no way to make a form of a drawing, so the export writes the frame as
the PDF's first page and the rows on the pages after it, and :func:`frame_as_form` then rewrites
the file: the first page's content becomes the form (with that page's resources: its fonts and
graphics states), that page leaves the page tree, and each other page's content becomes ``q``,
its own content, ``Q``, then the form, drawn over the rows in the page's first coordinates, as
the frame was over the rows when it was painted on every page. The objects keep their numbers
and their bytes, but for the few dictionaries edited; the cross-reference table is written
anew. Text in the form is the page's text for a reader or a text extractor, as any drawing in
a form is.

It reads the file as Qt writes it (PDF 1.4: numbered objects, one cross-reference table, a
``/Kids`` list of page references, each page's ``/Contents`` and ``/Resources`` one reference
each): anything else and it leaves the file alone and says so (returns False), and the export
paints the frame on every page instead.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

FORM_NAME = b"SlipFrame"
_XREF = re.compile(rb"\nxref\n0 (\d+)\n")
_TRAILER = re.compile(rb"trailer\n<<(.*?)>>\nstartxref", re.DOTALL)
_REF = rb"(\d+) 0 R"


class UnexpectedPdfError(Exception):  # (never leaves this module)
    """The file is not laid out as this module expects."""


def frame_as_form(path: Path) -> bool:
    """Rewrite the PDF at ``path``: its first page becomes a form drawn last on every other
    page (see the module's docstring). Returns False, the file untouched, when it is not laid
    out as Qt writes it or has fewer than two pages."""
    data = path.read_bytes()
    try:
        rewritten = _rewrite(data)
    except (UnexpectedPdfError, ValueError, KeyError, IndexError):  # (a number or object unread)
        return False
    path.write_bytes(rewritten)
    return True


def _objects(data: bytes) -> tuple[dict[int, bytes], int, bytes]:
    """Each object's bytes by number (from its ``N 0 obj`` to the next object or the table),
    where the objects start, and the trailer dictionary's inside."""
    found = list(_XREF.finditer(data))
    trailer = _TRAILER.search(data, found[-1].end()) if found else None
    if len(found) != 1 or trailer is None:
        raise UnexpectedPdfError
    table, count = found[0], int(found[0].group(1))
    entries = data[table.end() : table.end() + 20 * count]
    offsets = {}
    for number in range(1, count):
        entry = entries[20 * number : 20 * number + 20]
        if entry[17:18] == b"n":
            offsets[number] = int(entry[:10])
    ends = [*sorted(offsets.values()), table.start() + 1]
    following = dict(itertools.pairwise(ends))
    objects = {}
    for number, start in offsets.items():
        chunk = data[start : following[start]]
        if not chunk.startswith(b"%d 0 obj" % number):
            raise UnexpectedPdfError
        objects[number] = chunk
    return objects, min(offsets.values()), trailer.group(1)


def _one(pattern: bytes, text: bytes) -> re.Match[bytes]:
    found = re.search(pattern, text)
    if found is None:
        raise UnexpectedPdfError
    return found


def _rewrite(data: bytes) -> bytes:
    objects, first, trailer = _objects(data)
    root = int(_one(rb"/Root " + _REF, trailer).group(1))
    pages = int(_one(rb"/Pages " + _REF, objects[root]).group(1))
    kids_match = _one(rb"/Kids\s*\[([^\]]*)\]", objects[pages])
    kids = [int(k) for k in re.findall(_REF, kids_match.group(1))]
    if len(kids) < 2:
        raise UnexpectedPdfError
    frame_page = objects[kids[0]]
    content = int(_one(rb"/Contents " + _REF, frame_page).group(1))
    resources = int(_one(rb"/Resources " + _REF, frame_page).group(1))
    box = _one(rb"/MediaBox (\[[^\]]*\])", frame_page).group(1)
    head = b"%d 0 obj\n<<\n" % content
    if not objects[content].startswith(head) or b"/Type" in objects[content].split(b"stream")[0]:
        raise UnexpectedPdfError
    form = b"/Type /XObject\n/Subtype /Form\n/BBox %s\n/Resources %d 0 R\n" % (box, resources)
    objects[content] = head + form + objects[content][len(head) :]
    size = max(objects) + 1
    save, restore = size, size + 1
    objects[save] = _stream(save, b"q\n")
    objects[restore] = _stream(restore, b"Q\n/%s Do\n" % FORM_NAME)
    for kid in kids[1:]:
        _draw_form(objects, kid, content, save, restore)
    objects[kids[0]] = b"%d 0 obj\nnull\nendobj\n" % kids[0]  # (out of the page tree)
    listed = b"\n".join(b"%d 0 R" % k for k in kids[1:])
    tree = objects[pages]
    tree = tree[: kids_match.start(1)] + b"\n" + listed + b"\n" + tree[kids_match.end(1) :]
    tree, counted = re.subn(rb"/Count \d+", b"/Count %d" % (len(kids) - 1), tree)
    if counted != 1:
        raise UnexpectedPdfError
    objects[pages] = tree
    return _serialise(data[:first], objects, trailer, restore + 1)


def _draw_form(objects: dict[int, bytes], page: int, form: int, save: int, restore: int) -> None:
    """Page ``page`` draws its own content between ``q`` and ``Q``, then the form."""
    text = objects[page]
    contents = _one(rb"/Contents " + _REF + rb"\n", text)
    text = (
        text[: contents.start()]
        + b"/Contents [%d 0 R %s 0 R %d 0 R]\n" % (save, contents.group(1), restore)
        + text[contents.end() :]
    )
    objects[page] = text
    resources = int(_one(rb"/Resources " + _REF, text).group(1))
    own = objects[resources]
    entry = b"/%s %d 0 R\n" % (FORM_NAME, form)
    if entry in own:  # (resources shared with a page already done)
        return
    if b"/XObject <<\n" in own:
        own = own.replace(b"/XObject <<\n", b"/XObject <<\n" + entry, 1)
    else:
        head = b"%d 0 obj\n<<\n" % resources
        if not own.startswith(head):
            raise UnexpectedPdfError
        own = head + b"/XObject <<\n" + entry + b">>\n" + own[len(head) :]
    objects[resources] = own


def _stream(number: int, content: bytes) -> bytes:
    return b"%d 0 obj\n<<\n/Length %d\n>>\nstream\n%sendstream\nendobj\n" % (
        number,
        len(content),
        content,
    )


def _serialise(header: bytes, objects: dict[int, bytes], trailer: bytes, size: int) -> bytes:
    """The file: ``header``, the objects in their numbers' order, a new cross-reference table
    and the trailer with its ``/Size``."""
    out = bytearray(header)
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += objects[number]
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        if number in offsets:
            out += b"%010d 00000 n \n" % offsets[number]
        else:
            out += b"0000000000 65535 f \n"
    trailer, sized = re.subn(rb"/Size \d+", b"/Size %d" % size, trailer)
    if sized != 1:
        raise UnexpectedPdfError
    out += b"trailer\n<<" + trailer + b">>\nstartxref\n%d\n%%%%EOF\n" % start
    return bytes(out)
