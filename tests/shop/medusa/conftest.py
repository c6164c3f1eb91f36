"""A real Medusa v2 for the whole session (tests/shop/medusa_harness.py does the work).

Every test here is marked `medusa`. Medusa is installed from the npm registry on first use
(cached per machine); when that or anything after it fails, the session fails loudly.
"""
from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.shop.medusa import MedusaShop
from bot.shop.medusa_http import MedusaClient
from bot.shop.models import Policies
from tests.shop.medusa_harness import IDENTITY_KEY, MedusaInstance, running_medusa


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "medusa: runs against a real Medusa v2 server (npm + PostgreSQL)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.medusa)


@pytest.fixture(scope="session")
async def medusa(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[MedusaInstance]:
    log_dir = tmp_path_factory.mktemp("medusa")
    async with running_medusa(log_dir) as instance:
        print(f"\nmedusa fixture timings: {instance.timings}", file=sys.stderr)
        yield instance


@pytest.fixture(scope="session")
async def medusa_shop(medusa: MedusaInstance) -> AsyncIterator[MedusaShop]:
    """The connector as the bot runs it: secret API key, identities in customer metadata."""
    shop = MedusaShop(MedusaClient(medusa.base_url, api_key=medusa.seeded.api_key),
                      policies=Policies(), identity="metadata", identity_key=IDENTITY_KEY)
    yield shop
    await shop.close()
