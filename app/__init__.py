"""The Slipline application: window, actions, settings, export and command line."""

from widgets import pg_import

pg_import.install()  # (before anything imports pyqtgraph: widgets/pg_import.py)
