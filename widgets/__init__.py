"""Qt widgets and pyqtgraph items of Slipline; they draw what they are given and never read files."""
