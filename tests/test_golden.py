"""Golden files: the metrics CSVs and the load report of the sample and of a seeded 10k set,
byte for byte. A change of figures on purpose regenerates them (``python -m
tests.golden.generate``) and says in its commit why each changed row changed; this test is never
deleted or loosened."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden.generate import CASES, DIGESTS, HERE, input_digests, prepare, run_case


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]]]:
    folder = tmp_path_factory.mktemp("golden")
    return folder, prepare(folder)


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_is_byte_identical_to_the_golden_file(cases, name: str) -> None:
    folder, argv = cases
    produced = run_case(folder, name, argv[name])
    expected = (HERE / name).read_bytes()
    if produced != expected:
        got, want = produced.decode().splitlines(), expected.decode().splitlines()
        first = next(
            (k for k, (a, b) in enumerate(zip(got, want, strict=False)) if a != b),
            min(len(got), len(want)),
        )
        pytest.fail(
            f"{name} differs from the golden file at line {first + 1} "
            f"({len(got)} lines produced, {len(want)} expected):\n"
            f"  produced: {got[first] if first < len(got) else '(end)'}\n"
            f"  expected: {want[first] if first < len(want) else '(end)'}"
        )


def test_the_generated_set_is_what_the_golden_files_were_made_from(cases) -> None:
    """The generator is part of the golden files: the same seed gives the same bytes on every
    machine (a failure here means the inputs drifted, not the figures)."""
    folder, _ = cases
    assert input_digests(folder) == (HERE / DIGESTS).read_text(encoding="utf-8")
