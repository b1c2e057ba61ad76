"""Bundled resources: the 16-project sample ledger (with its sources) and other static files."""

from pathlib import Path

SAMPLES = Path(__file__).resolve().parent / "samples"


def sample_paths() -> list[Path]:
    """The bundled sample: the projects table and its promise ledger."""
    return [SAMPLES / "projects.csv", SAMPLES / "events.csv"]
