"""Slipline's entry point from a checkout: ``python main.py …`` behaves like ``slipline …``."""

from app.cli import run

if __name__ == "__main__":
    run()
