"""Qt widgets and pyqtgraph items: they draw what they are given, never read files."""

from widgets import pg_import

pg_import.install()  # (before pyqtgraph's first import: widgets/pg_import.py)
