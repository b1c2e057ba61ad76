"""The Slipline application: window, actions, settings, export and command line."""

import widgets  # noqa: F401  (installs widgets/pg_import.py before anything imports pyqtgraph)
