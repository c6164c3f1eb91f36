"""The connector by configuration only, its login mode, and how it behaves when Medusa is down."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from aiohttp import web

from bot.core.errors import ConfigError
from bot.core.settings import PROJECT_ROOT, load_settings
from bot.shop import codes, open_shop
from bot.shop.medusa import MedusaShop
from bot.shop.medusa_http import MedusaClient, MedusaUnavailable
from bot.shop.models import Customer, Policies
from tests.shop.medusa_harness import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    CATALOGUE,
    CUSTOMERS,
    IDENTITY_KEY,
    ORDERS,
    MedusaInstance,
    free_port,
)


def _env(medusa: MedusaInstance, **extra: str) -> dict[str, str]:
    return {"AFTERSALES_SHOP_BACKEND": "medusa", "AFTERSALES_SHOP_BASE_URL": medusa.base_url,
            "AFTERSALES_SHOP_IDENTITY_KEY": IDENTITY_KEY, **extra}


async def test_open_shop_from_settings_with_api_key(medusa: MedusaInstance) -> None:
    settings = load_settings(env=_env(medusa, AFTERSALES_MEDUSA_API_KEY=medusa.seeded.api_key))
    shop = await open_shop(settings)
    try:
        assert isinstance(shop, MedusaShop) and shop.backend == "medusa"
        customer = await shop.customer_for_identity("telegram:7002")
        assert customer is not None and customer.email == "ben.okafor@example.com"
    finally:
        await shop.close()


async def test_open_shop_with_admin_login(medusa: MedusaInstance) -> None:
    settings = load_settings(env=_env(medusa, AFTERSALES_MEDUSA_EMAIL=ADMIN_EMAIL,
                                      AFTERSALES_MEDUSA_PASSWORD=ADMIN_PASSWORD))
    shop = await open_shop(settings)
    try:
        check = await shop.check()
        assert check.ok and check.counts["customers"] == 2 and check.counts["products"] == 3
    finally:
        await shop.close()


async def test_missing_secret_names_the_setting(medusa: MedusaInstance) -> None:
    with pytest.raises(ConfigError, match="AFTERSALES_MEDUSA_API_KEY"):
        await open_shop(load_settings(env=_env(medusa)))


async def test_wrong_key_is_a_clear_check_failure(medusa: MedusaInstance) -> None:
    shop = MedusaShop(MedusaClient(medusa.base_url, api_key="sk_not_a_key"), policies=Policies())
    try:
        check = await shop.check()
        assert not check.ok and "refused" in check.detail and "sk_not_a_key" not in check.detail
    finally:
        await shop.close()


def test_shop_check_command(medusa: MedusaInstance, tmp_path) -> None:
    env = {**os.environ, **_env(medusa, AFTERSALES_MEDUSA_API_KEY=medusa.seeded.api_key),
           "AFTERSALES_DATA_DIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "shop", "check"], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout)
    assert out["backend"] == "medusa" and out["ok"] is True
    assert out["counts"] == {"customers": len(CUSTOMERS), "orders": len(ORDERS), "products": len(CATALOGUE),
                             "variants": sum(len(c["variants"]) for c in CATALOGUE)}
    assert medusa.seeded.api_key not in proc.stdout + proc.stderr


# ---------------------------------------------------------------- Medusa down / flaky
_ANNA = Customer(id="cus_x", name="A")


async def test_down_medusa_gives_unavailable_not_a_crash() -> None:
    port = free_port()             # nothing listens there
    shop = MedusaShop(MedusaClient(f"http://127.0.0.1:{port}", api_key="sk", retries=1, backoff_s=0.01),
                      policies=Policies())
    try:
        check = await shop.check()
        assert not check.ok and "unavailable" in check.detail
        with pytest.raises(MedusaUnavailable):
            await shop.customer_for_identity("telegram:7001")
        out = await shop.cancel_order(_ANNA, "#1", now=datetime.now(UTC))
        assert (out.ok, out.code) == (False, codes.UNAVAILABLE)
    finally:
        await shop.close()


async def test_reads_retry_5xx_and_writes_do_not(aiohttp_server) -> None:
    calls = {"GET": 0, "POST": 0}

    async def handler(request: web.Request) -> web.Response:
        calls[request.method] += 1
        if request.method == "GET" and calls["GET"] < 3:
            return web.json_response({"type": "unexpected_state", "message": "busy"}, status=503)
        if request.method == "POST":
            return web.json_response({"message": "busy"}, status=503)
        return web.json_response({"customers": [], "count": 0})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    server = await aiohttp_server(app)
    client = MedusaClient(str(server.make_url("")), api_key="sk", retries=2, backoff_s=0.01)
    try:
        assert (await client.get("/admin/customers"))["count"] == 0
        assert calls["GET"] == 3                       # two 503s, then the answer
        with pytest.raises(MedusaUnavailable):
            await client.post("/admin/orders/order_1/cancel")
        assert calls["POST"] == 1                      # a write that reached Medusa is never repeated
    finally:
        await client.close()


async def test_only_paths_under_base_url() -> None:
    client = MedusaClient("http://127.0.0.1:9", api_key="sk")
    try:
        with pytest.raises(ValueError):
            await client.get("http://elsewhere.example/admin/orders")
    finally:
        await client.close()
