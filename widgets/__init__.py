"""Qt widgets and pyqtgraph items: they draw what they are given, never read files."""
