"""pytest plugin for the mutation runs (``[tool.mutmut]`` in pyproject.toml loads it with ``-p``).

The project's conftest.py needs Django, which the pure packages' tests do not; this stands in for the part of it
they need: the same Hypothesis examples every run and no per-example deadline, so that a loaded machine never
turns a surviving mutant into a "killed" one.
"""

from hypothesis import settings


def pytest_configure(config: object) -> None:
    settings.register_profile("mutation", derandomize=True, deadline=None, database=None)
    settings.load_profile("mutation")
