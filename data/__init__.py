"""Slipline's data layer: pure pandas and numpy, no Qt (a test enforces it)."""
