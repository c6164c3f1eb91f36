"""Session fixtures for the NLU tests: the model is loaded (or trained) once."""
from __future__ import annotations

import pytest

from bot.nlu import NLU


@pytest.fixture(scope="session")
def nlu() -> NLU:
    return NLU.load()
