"""A real Medusa v2 for the tests: installed from the npm registry, migrated, started, seeded.

Steps, each done once at the scope that makes it cheap:
- install (once per machine): `npm install` of pinned @medusajs packages into
  `~/.cache/aftersales/medusa-<version>` (or `$AFTERSALES_CACHE_DIR`), under a file lock so two
  runs never race; a stamp file marks a finished install.
- template database (once per machine and version): a database migrated with
  `medusa db:migrate` and holding the admin user, kept as a PostgreSQL template. Each session
  copies it (`CREATE DATABASE … TEMPLATE …`, about a second) instead of migrating (20+ s).
- per session: a fresh database, `medusa start` on a free loopback port, an admin token, a
  secret API key, and a catalogue, customers and orders seeded through the admin HTTP API only.
  The server is stopped and the database dropped afterwards.

Nothing here skips: a failed install, migration or start raises `MedusaHarnessError` with the
tail of the tool's output, so the test run fails loudly.
"""
from __future__ import annotations

import asyncio
import base64
import contextlib
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg

MEDUSA_VERSION = "2.21.2"
PACKAGES = {"@medusajs/medusa": MEDUSA_VERSION, "@medusajs/framework": MEDUSA_VERSION,
            "@medusajs/cli": MEDUSA_VERSION}
ADMIN_EMAIL = "admin@aftersales.test"
ADMIN_PASSWORD = "aftersales-admin-secret"
_PG_CANDIDATES = ("postgresql://postgres@127.0.0.1:5432/postgres", "postgresql://root@127.0.0.1:5432/postgres")
_TEMPLATE_DB = "aftersales_medusa_tpl_" + MEDUSA_VERSION.replace(".", "_")
_STAMP = ".aftersales-installed"

# Written by the harness, not by hand: no admin build (admin.disable), in-memory cache, event
# bus and workflow engine (Medusa's defaults when no Redis is configured), secrets from env.
_CONFIG_JS = """\
// Written by tests/shop/medusa_harness.py. Medusa for the after-sales bot's tests.
const { defineConfig } = require("@medusajs/framework/utils")
module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    databaseLogging: false,
    http: {
      storeCors: "http://127.0.0.1",
      adminCors: "http://127.0.0.1",
      authCors: "http://127.0.0.1",
      jwtSecret: process.env.JWT_SECRET,
      cookieSecret: process.env.COOKIE_SECRET,
    },
  },
  admin: { disable: true },
  modules: [
    {
      // Order numbers shaped like a real shop's ("W2378156") instead of Medusa's default short
      // display ids, through Medusa's own hook for them (custom_display_id).
      resolve: "@medusajs/medusa/order",
      options: {
        generateCustomDisplayId: async () => "W" + String(1000000 + Math.floor(Math.random() * 8999999)),
      },
    },
  ],
})
"""


class MedusaHarnessError(RuntimeError):
    """Medusa could not be installed, migrated, started or seeded (never a skip)."""


# --------------------------------------------------------------------------- install
def cache_dir() -> Path:
    root = Path(os.environ.get("AFTERSALES_CACHE_DIR") or Path.home() / ".cache" / "aftersales")
    return root / f"medusa-{MEDUSA_VERSION}"


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.splitlines()[-lines:])


def install() -> Path:
    """The Medusa project folder, installing it first if this machine has none (locked)."""
    project = cache_dir()
    with _file_lock(project.parent / f"medusa-{MEDUSA_VERSION}.lock"):
        if not (project / _STAMP).exists():
            npm = shutil.which("npm")
            if npm is None:
                raise MedusaHarnessError("npm is not installed: Medusa v2 needs Node.js 20+ with npm")
            if project.exists():
                shutil.rmtree(project)   # a half-finished install from an interrupted run
            project.mkdir(parents=True)
            (project / "package.json").write_text(json.dumps(
                {"name": "aftersales-medusa-test", "private": True, "version": "0.0.0",
                 "dependencies": PACKAGES}, indent=2))
            started = time.monotonic()
            proc = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--loglevel=error"],
                                  cwd=project, capture_output=True, text=True, timeout=900)
            if proc.returncode != 0:
                raise MedusaHarnessError(f"npm install of Medusa {MEDUSA_VERSION} failed "
                                         f"(exit {proc.returncode}):\n{_tail(proc.stdout + proc.stderr)}")
            (project / _STAMP).write_text(f"{time.monotonic() - started:.1f}s\n")
        (project / "medusa-config.js").write_text(_CONFIG_JS)
    return project


def _medusa_bin(project: Path) -> Path:
    return project / "node_modules" / ".bin" / "medusa"


def _env(project: Path, db_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AFTERSALES_", "NODE_OPTIONS"))}
    env.update(DATABASE_URL=db_url, JWT_SECRET=uuid.uuid4().hex, COOKIE_SECRET=uuid.uuid4().hex,
               NODE_ENV="development", MEDUSA_DISABLE_TELEMETRY="true", DO_NOT_TRACK="1")
    return env


async def _run(project: Path, db_url: str, *args: str, timeout: float = 300) -> None:
    proc = await asyncio.create_subprocess_exec(
        str(_medusa_bin(project)), *args, cwd=project, env=_env(project, db_url),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError:
        proc.kill()
        raise MedusaHarnessError(f"`medusa {' '.join(args[:1])}` took over {timeout:.0f}s") from None
    if proc.returncode != 0:
        raise MedusaHarnessError(f"`medusa {args[0]}` failed (exit {proc.returncode}):\n"
                                 f"{_tail(out.decode(errors='replace'))}")


# --------------------------------------------------------------------------- databases
async def pg_admin_url() -> str:
    """A maintenance URL on the local PostgreSQL (trust auth as postgres, else root)."""
    override = os.environ.get("AFTERSALES_TEST_PG_ADMIN")
    errors = []
    for url in ((override,) if override else _PG_CANDIDATES):
        try:
            conn = await asyncpg.connect(url, timeout=5)
        except Exception as exc:  # noqa: BLE001 - try the next user
            errors.append(f"{url}: {type(exc).__name__}: {exc}")
            continue
        await conn.close()
        return url
    raise MedusaHarnessError("PostgreSQL on 127.0.0.1:5432 is not reachable:\n" + "\n".join(errors))


def _db_url(admin_url: str, name: str) -> str:
    return admin_url.rsplit("/", 1)[0] + "/" + name


async def _exists(conn: asyncpg.Connection, name: str) -> bool:
    return bool(await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name))


async def ensure_template(project: Path, admin_url: str) -> str:
    """The migrated template database (with the admin user), built once per version."""
    conn = await asyncpg.connect(admin_url)
    try:
        if await _exists(conn, _TEMPLATE_DB):
            return _TEMPLATE_DB
    finally:
        await conn.close()
    with _file_lock(cache_dir().parent / f"medusa-{MEDUSA_VERSION}-template.lock"):
        conn = await asyncpg.connect(admin_url)
        try:
            if await _exists(conn, _TEMPLATE_DB):
                return _TEMPLATE_DB
            building = f"{_TEMPLATE_DB}_build_{os.getpid()}"
            await conn.execute(f'DROP DATABASE IF EXISTS "{building}"')
            await conn.execute(f'CREATE DATABASE "{building}"')
            try:
                url = _db_url(admin_url, building)
                await _run(project, url, "db:migrate")
                await _run(project, url, "user", "-e", ADMIN_EMAIL, "-p", ADMIN_PASSWORD)
            except BaseException:
                await conn.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
                raise
            # Renamed only when complete, so a template that exists is always a good one.
            await conn.execute(f'ALTER DATABASE "{building}" RENAME TO "{_TEMPLATE_DB}"')
            return _TEMPLATE_DB
        finally:
            await conn.close()


async def create_database(admin_url: str, template: str) -> str:
    name = f"aftersales_medusa_{uuid.uuid4().hex[:10]}"
    conn = await asyncpg.connect(admin_url)
    try:
        for attempt in range(20):
            try:
                await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
                return name
            except asyncpg.ObjectInUseError:   # another session is copying the template now
                await asyncio.sleep(0.5 + attempt * 0.1)
        raise MedusaHarnessError(f"template database {template} stayed busy")
    finally:
        await conn.close()


async def drop_database(admin_url: str, name: str) -> None:
    conn = await asyncpg.connect(admin_url)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


# --------------------------------------------------------------------------- server
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class MedusaServer:
    project: Path
    db_url: str
    port: int
    log_path: Path
    proc: asyncio.subprocess.Process | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self, timeout: float = 120) -> None:
        log = open(self.log_path, "wb")  # noqa: SIM115 - lives as long as the process
        self.proc = await asyncio.create_subprocess_exec(
            str(_medusa_bin(self.project)), "start", "--host", "127.0.0.1", "--port", str(self.port),
            cwd=self.project, env=_env(self.project, self.db_url), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
        log.close()
        deadline = time.monotonic() + timeout
        async with aiohttp.ClientSession() as http:
            while time.monotonic() < deadline:
                if self.proc.returncode is not None:
                    break
                try:
                    async with http.get(self.base_url + "/health",
                                        timeout=aiohttp.ClientTimeout(total=2)) as resp:
                        if resp.status == 200:
                            return
                except (aiohttp.ClientError, TimeoutError):
                    pass
                await asyncio.sleep(0.3)
        await self.stop()
        raise MedusaHarnessError(f"medusa start did not answer /health on {self.base_url}:\n"
                                 f"{_tail(self.log_path.read_text(errors='replace'))}")

    async def stop(self) -> None:
        if self.proc is None or self.proc.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            await asyncio.wait_for(self.proc.wait(), 15)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            await self.proc.wait()


# --------------------------------------------------------------------------- admin client
class Admin:
    """A tiny admin API client for seeding and for the tests' assertions (not the product code)."""

    def __init__(self, base_url: str, http: aiohttp.ClientSession) -> None:
        self.base_url = base_url
        self.http = http
        self.token: str | None = None

    async def login(self) -> None:
        async with self.http.post(self.base_url + "/auth/user/emailpass",
                                  json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}) as resp:
            body = await resp.json()
            if resp.status != 200:
                raise MedusaHarnessError(f"admin login failed: {resp.status} {body}")
            self.token = body["token"]

    async def request(self, method: str, path: str, body: dict[str, Any] | None = None,
                      params: dict[str, Any] | None = None, ok: tuple[int, ...] = (200, 201)) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"}
        async with self.http.request(method, self.base_url + path, json=body, params=params,
                                     headers=headers) as resp:
            text = await resp.text()
            if resp.status not in ok:
                raise MedusaHarnessError(f"{method} {path} -> {resp.status}: {text[:800]}")
            return json.loads(text) if text else None

    async def get(self, path: str, **params: Any) -> Any:
        return await self.request("GET", path, params=params or None)

    async def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return await self.request("POST", path, body or {})


# --------------------------------------------------------------------------- seed data
@dataclass
class Seeded:
    """Ids of what the seed created, by the names the tests use."""
    region_id: str = ""
    sales_channel_id: str = ""
    location_id: str = ""
    shipping_option_id: str = ""
    return_option_id: str = ""
    products: dict[str, str] = field(default_factory=dict)    # handle -> product id
    variants: dict[str, str] = field(default_factory=dict)    # sku -> variant id
    customers: dict[str, str] = field(default_factory=dict)   # key -> customer id
    orders: dict[str, str] = field(default_factory=dict)      # key -> order id
    display_ids: dict[str, int] = field(default_factory=dict)  # key -> display id
    refs: dict[str, str] = field(default_factory=dict)         # key -> custom display id ("W2378156")
    api_key: str = ""


IDENTITY_KEY = "aftersales_identities"
ADDRESS_ANNA = {"first_name": "Anna", "last_name": "Berg", "address_1": "12 Harbour Street",
                "city": "Portland", "province": "OR", "postal_code": "97201", "country_code": "us",
                "phone": "+15035550101"}
ADDRESS_BEN = {"first_name": "Ben", "last_name": "Okafor", "address_1": "400 Lake Road",
               "city": "Madison", "province": "WI", "postal_code": "53703", "country_code": "us",
               "phone": "+16085550199"}

# Three products, option dimensions beyond size and colour (capacity, material, connectivity).
CATALOGUE: list[dict[str, Any]] = [
    {"handle": "trail-jacket", "title": "Trail jacket", "metadata": {"name_zh": "登山夹克", "category": "outdoor"},
     "options": {"Color": ["Black", "Olive"], "Size": ["M", "L"]},
     "variants": [("JKT-BLK-M", {"Color": "Black", "Size": "M"}, 120, 5),
                  ("JKT-BLK-L", {"Color": "Black", "Size": "L"}, 120, 3),
                  ("JKT-OLV-M", {"Color": "Olive", "Size": "M"}, 120, 0),
                  ("JKT-OLV-L", {"Color": "Olive", "Size": "L"}, 130, 4)]},
    {"handle": "steel-bottle", "title": "Steel bottle", "metadata": {"name_zh": "不锈钢水壶", "category": "outdoor"},
     "options": {"Capacity": ["500 ml", "1 l"], "Material": ["Steel", "Titanium"]},
     "variants": [("BTL-500-ST", {"Capacity": "500 ml", "Material": "Steel"}, 25, 20),
                  ("BTL-1L-ST", {"Capacity": "1 l", "Material": "Steel"}, 30, 10),
                  ("BTL-1L-TI", {"Capacity": "1 l", "Material": "Titanium"}, 55, 2)]},
    {"handle": "smart-thermostat", "title": "Smart thermostat",
     "metadata": {"name_zh": "智能温控器", "category": "home"},
     "options": {"Connectivity": ["Wi-Fi", "Google Home", "Zigbee"]},
     "variants": [("THERM-WIFI", {"Connectivity": "Wi-Fi"}, 149, 6),
                  ("THERM-GH", {"Connectivity": "Google Home"}, 159, 6),
                  ("THERM-ZB", {"Connectivity": "Zigbee"}, 139, 0)]},
]

CUSTOMERS: dict[str, dict[str, Any]] = {
    "anna": {"email": "anna.berg@example.com", "first_name": "Anna", "last_name": "Berg",
             "phone": "+15035550101", "metadata": {IDENTITY_KEY: "telegram:7001,slack:U07ANNA"},
             "address": ADDRESS_ANNA},
    "ben": {"email": "ben.okafor@example.com", "first_name": "Ben", "last_name": "Okafor",
            "phone": "+16085550199", "metadata": {IDENTITY_KEY: "telegram:7002"}, "address": ADDRESS_BEN},
}

# key -> (customer, [(sku, qty)], stage); stage: placed (not paid), paid, shipped, delivered.
ORDERS: dict[str, tuple[str, list[tuple[str, int]], str]] = {
    "anna_paid": ("anna", [("JKT-BLK-M", 1), ("BTL-500-ST", 2)], "paid"),
    "anna_edit": ("anna", [("THERM-WIFI", 1), ("BTL-1L-ST", 1)], "paid"),
    "anna_cancel": ("anna", [("BTL-500-ST", 1)], "paid"),
    "anna_shipped": ("anna", [("JKT-BLK-L", 1)], "shipped"),
    "anna_delivered": ("anna", [("JKT-BLK-M", 1), ("BTL-500-ST", 3)], "delivered"),
    "anna_exchange": ("anna", [("THERM-WIFI", 1)], "delivered"),
    "anna_bot_cancel": ("anna", [("JKT-OLV-L", 1)], "paid"),       # driven through the bot's pipeline
    "ben_paid": ("ben", [("BTL-1L-TI", 1)], "paid"),
    "ben_delivered": ("ben", [("JKT-OLV-L", 1)], "delivered"),
}


async def seed(admin: Admin) -> Seeded:
    s = Seeded()
    store = (await admin.get("/admin/stores"))["stores"][0]
    s.sales_channel_id = store["default_sales_channel_id"]
    await admin.post(f"/admin/stores/{store['id']}", {
        "supported_currencies": [{"currency_code": "usd", "is_default": True}]})
    region = (await admin.post("/admin/regions", {
        "name": "United States", "currency_code": "usd", "countries": ["us"],
        "payment_providers": ["pp_system_default"]}))["region"]
    s.region_id = region["id"]

    location = (await admin.post("/admin/stock-locations", {
        "name": "Portland warehouse", "address": {"address_1": "1 Dock Way", "city": "Portland",
                                                  "country_code": "us"}}))["stock_location"]
    s.location_id = location["id"]
    await admin.post(f"/admin/stock-locations/{s.location_id}/sales-channels", {"add": [s.sales_channel_id]})
    await admin.post(f"/admin/stock-locations/{s.location_id}/fulfillment-providers", {"add": ["manual_manual"]})
    loc = (await admin.post(f"/admin/stock-locations/{s.location_id}/fulfillment-sets",
                            {"name": "US shipping", "type": "shipping"}))["stock_location"]
    fset_id = (await admin.get(f"/admin/stock-locations/{s.location_id}",
                               fields="*fulfillment_sets"))["stock_location"]["fulfillment_sets"][0]["id"] \
        if not loc.get("fulfillment_sets") else loc["fulfillment_sets"][0]["id"]
    zone = (await admin.post(f"/admin/fulfillment-sets/{fset_id}/service-zones", {
        "name": "US", "geo_zones": [{"type": "country", "country_code": "us"}]}))["fulfillment_set"]
    zone_id = zone["service_zones"][0]["id"]
    profile_id = (await admin.get("/admin/shipping-profiles"))["shipping_profiles"][0]["id"]
    for is_return in (False, True):
        option = (await admin.post("/admin/shipping-options", {
            "name": "Return parcel" if is_return else "Standard parcel", "price_type": "flat",
            "service_zone_id": zone_id, "shipping_profile_id": profile_id, "provider_id": "manual_manual",
            "type": {"label": "Return" if is_return else "Standard", "description": "Parcel",
                     "code": "return" if is_return else "standard"},
            "prices": [{"currency_code": "usd", "amount": 0 if is_return else 8}],
            "rules": [{"attribute": "is_return", "operator": "eq", "value": "true" if is_return else "false"},
                      {"attribute": "enabled_in_store", "operator": "eq", "value": "true"}]}))["shipping_option"]
        if is_return:
            s.return_option_id = option["id"]
        else:
            s.shipping_option_id = option["id"]

    for spec in CATALOGUE:
        product = (await admin.post("/admin/products", {
            "title": spec["title"], "handle": spec["handle"], "status": "published",
            "metadata": spec["metadata"], "shipping_profile_id": profile_id,
            "sales_channels": [{"id": s.sales_channel_id}],
            "options": [{"title": k, "values": v} for k, v in spec["options"].items()],
            "variants": [{"title": " / ".join(opts.values()), "sku": sku, "options": opts,
                          "manage_inventory": True, "prices": [{"currency_code": "usd", "amount": price}]}
                         for sku, opts, price, _ in spec["variants"]]}))["product"]
        s.products[spec["handle"]] = product["id"]
        for variant in product["variants"]:
            s.variants[variant["sku"]] = variant["id"]
    stock = {sku: qty for spec in CATALOGUE for sku, _, _, qty in spec["variants"]}
    # Seed stock with room for the seeded orders' own reservations and shipments.
    items = (await admin.get("/admin/inventory-items", limit=100))["inventory_items"]
    await admin.post("/admin/inventory-items/location-levels/batch", {"create": [
        {"inventory_item_id": it["id"], "location_id": s.location_id,
         "stocked_quantity": stock[it["sku"]] + _ordered(it["sku"])} for it in items]})

    for key, spec in CUSTOMERS.items():
        body = {k: v for k, v in spec.items() if k != "address"}
        customer = (await admin.post("/admin/customers", body))["customer"]
        s.customers[key] = customer["id"]
        await admin.post(f"/admin/customers/{customer['id']}/addresses",
                         {**spec["address"], "is_default_shipping": True, "is_default_billing": True})

    for key, (who, lines, stage) in ORDERS.items():
        order = await _place_order(admin, s, who, lines)
        s.orders[key] = order["id"]
        s.display_ids[key] = order["display_id"]
        s.refs[key] = order.get("custom_display_id") or f"#{order['display_id']}"
        await _advance(admin, s, order, stage)

    key = (await admin.post("/admin/api-keys", {"title": "aftersales bot", "type": "secret"}))["api_key"]
    s.api_key = key["token"]
    return s


def _ordered(sku: str) -> int:
    return sum(q for _, lines, _ in ORDERS.values() for s, q in lines if s == sku)


async def _place_order(admin: Admin, s: Seeded, who: str, lines: list[tuple[str, int]]) -> dict[str, Any]:
    spec = CUSTOMERS[who]
    draft = (await admin.post("/admin/draft-orders", {
        "email": spec["email"], "customer_id": s.customers[who], "region_id": s.region_id,
        "sales_channel_id": s.sales_channel_id, "shipping_address": spec["address"],
        "billing_address": spec["address"],
        "items": [{"variant_id": s.variants[sku], "quantity": qty} for sku, qty in lines],
        "shipping_methods": [{"shipping_option_id": s.shipping_option_id, "name": "Standard parcel",
                              "amount": 8}]}))["draft_order"]
    order = (await admin.post(f"/admin/draft-orders/{draft['id']}/convert-to-order"))["order"]
    return order


async def _advance(admin: Admin, s: Seeded, order: dict[str, Any], stage: str) -> None:
    if stage == "placed":
        return
    full = (await admin.get(f"/admin/orders/{order['id']}", fields="total,*items"))["order"]
    # A converted draft order has no payment collection: staff record the payment by hand
    # (Medusa's "mark as paid"), which captures it with the system provider.
    pc = (await admin.post("/admin/payment-collections",
                           {"order_id": order["id"], "amount": full["total"]}))["payment_collection"]
    await admin.post(f"/admin/payment-collections/{pc['id']}/mark-as-paid", {"order_id": order["id"]})
    if stage == "paid":
        return
    items = [{"id": it["id"], "quantity": it["quantity"]} for it in full["items"]]
    await admin.post(f"/admin/orders/{order['id']}/fulfillments", {"items": items, "location_id": s.location_id,
                                                                  "metadata": {"carrier": "UPS"}})
    detail = (await admin.get(f"/admin/orders/{order['id']}", fields="*fulfillments"))["order"]
    fid = detail["fulfillments"][-1]["id"]
    await admin.post(f"/admin/orders/{order['id']}/fulfillments/{fid}/shipments", {
        "items": items,
        "labels": [{"tracking_number": f"1Z{order['display_id']:06d}US",
                                    "tracking_url": "https://carrier.example/track",
                                    "label_url": "https://carrier.example/label"}]})
    if stage == "delivered":
        await admin.post(f"/admin/orders/{order['id']}/fulfillments/{fid}/mark-as-delivered")


def basic_auth(api_key: str) -> str:
    """Medusa's secret API keys authenticate as HTTP Basic with the key as the user name."""
    return "Basic " + base64.b64encode(f"{api_key}:".encode()).decode()


# --------------------------------------------------------------------------- one session
@dataclass
class MedusaInstance:
    server: MedusaServer
    admin: Admin
    seeded: Seeded
    db_name: str
    timings: dict[str, float]

    @property
    def base_url(self) -> str:
        return self.server.base_url


@contextlib.asynccontextmanager
async def running_medusa(log_dir: Path) -> Any:
    """Install (cached), copy the template database, start, log in, seed; stop and drop after."""
    timings: dict[str, float] = {}
    t0 = time.monotonic()
    project = await asyncio.to_thread(install)
    timings["install_s"] = time.monotonic() - t0
    admin_url = await pg_admin_url()
    t1 = time.monotonic()
    template = await ensure_template(project, admin_url)
    db_name = await create_database(admin_url, template)
    timings["database_s"] = time.monotonic() - t1
    server = MedusaServer(project, _db_url(admin_url, db_name), free_port(), log_dir / "medusa.log")
    try:
        t2 = time.monotonic()
        await server.start()
        timings["start_s"] = time.monotonic() - t2
        # Node closes idle keep-alive connections after 5 s; never reuse one that old.
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(keepalive_timeout=2)) as http:
            admin = Admin(server.base_url, http)
            await admin.login()
            t3 = time.monotonic()
            seeded = await seed(admin)
            timings["seed_s"] = time.monotonic() - t3
            timings["total_s"] = time.monotonic() - t0
            yield MedusaInstance(server, admin, seeded, db_name, timings)
    finally:
        await server.stop()
        await drop_database(admin_url, db_name)


# --------------------------------------------------------------------------- the Shop contract's shop
@dataclass
class ContractSeed:
    ids: dict[str, str] = field(default_factory=dict)     # fixture order id ("#C1001") -> Medusa's display id
    skus: dict[str, str] = field(default_factory=dict)    # fixture sku -> Medusa sku (unique in Medusa: suffixed)
    product_ids: list[str] = field(default_factory=list)
    customer_ids: list[str] = field(default_factory=list)


async def retire(admin: Admin, seed: ContractSeed, identity_key: str) -> None:
    """Take a previous contract shop out of the way: products back to draft (the connector offers
    published ones only), identities removed from its customers."""
    await asyncio.gather(*(admin.post(f"/admin/products/{pid}", {"status": "draft"}) for pid in seed.product_ids))
    await asyncio.gather(*(admin.post(f"/admin/customers/{cid}", {"metadata": {identity_key: ""}})
                           for cid in seed.customer_ids))


async def seed_contract(admin: Admin, s: Seeded, db_url: str, fixture: dict[str, Any], tag: str,
                        seed: ContractSeed, identity_key: str = IDENTITY_KEY) -> ContractSeed:
    """`tests/shop/contract.py`'s fixture as Medusa records, through the admin API; then the
    fixture's dates (placed, shipped, delivered) written into Medusa's tables, because Medusa
    stamps its own times and its API cannot set a date in the past."""
    from bot.shop.medusa_map import address_payload
    profile_id = (await admin.get("/admin/shipping-profiles"))["shipping_profiles"][0]["id"]
    skus = {v["sku"]: f"{v['sku']}-{tag}" for p in fixture["products"] for v in p["variants"]}
    seed.skus.update(skus)
    # Filled in as records are made, so a seed that fails half-way can still be retired.
    product_ids = seed.product_ids
    variant_ids: dict[str, str] = {}

    async def product(p: dict[str, Any]) -> None:
        options = p["options"] or {"type": ["standard"]}      # Medusa needs one option at least
        body = await admin.post("/admin/products", {
            "title": p["name"], "handle": f"{p['id'].lower()}-{tag}", "status": "published",
            "shipping_profile_id": profile_id,
            "metadata": {"name_zh": p.get("name_zh"), "category": p["category"]},
            "sales_channels": [{"id": s.sales_channel_id}],
            "options": [{"title": k, "values": v} for k, v in options.items()],
            "variants": [{"title": " / ".join(v["options"].values()) or p["name"], "sku": skus[v["sku"]],
                          "options": v["options"] or {"type": "standard"}, "manage_inventory": True,
                          "prices": [{"currency_code": "usd", "amount": float(v["price"])}]} for v in p["variants"]]})
        product_ids.append(body["product"]["id"])
        for v in body["product"]["variants"]:
            variant_ids[v["sku"]] = v["id"]

    await asyncio.gather(*(product(p) for p in fixture["products"]))
    ordered: dict[str, int] = {}
    for o in fixture["orders"]:
        for it in o["items"]:
            ordered[skus[it["sku"]]] = ordered.get(skus[it["sku"]], 0) + it["qty"]
    stock = {skus[v["sku"]]: v["stock"] for p in fixture["products"] for v in p["variants"]}
    items = (await admin.get("/admin/inventory-items", sku=list(stock), limit=100))["inventory_items"]
    await admin.post("/admin/inventory-items/location-levels/batch", {"create": [
        {"inventory_item_id": it["id"], "location_id": s.location_id,
         "stocked_quantity": stock[it["sku"]] + ordered.get(it["sku"], 0)} for it in items if it["sku"] in stock]})

    customers: dict[str, str] = {}

    async def customer(c: dict[str, Any]) -> None:
        first, _, last = c["name"].partition(" ")
        local, _, domain = c["email"].partition("@")
        body = await admin.post("/admin/customers", {
            "email": f"{local}+{tag}@{domain}", "first_name": first, "last_name": last, "phone": c["phone"],
            "metadata": {identity_key: ",".join(c["identities"]),
                         "aftersales_payment_methods": c["payment_methods"]}})
        cid = body["customer"]["id"]
        customers[c["id"]] = cid
        seed.customer_ids.append(cid)
        base = {"first_name": first, "last_name": last, "country_code": "us"}
        await admin.post(f"/admin/customers/{cid}/addresses",
                         {**address_payload(c["default_address"], base), "is_default_shipping": True})

    await asyncio.gather(*(customer(c) for c in fixture["customers"]))
    ids = seed.ids

    async def order(o: dict[str, Any]) -> tuple[dict[str, Any], str]:
        c = next(x for x in fixture["customers"] if x["id"] == o["customer_id"])
        first, _, last = c["name"].partition(" ")
        addr = address_payload(o["shipping_address"], {"first_name": first, "last_name": last, "country_code": "us"})
        local, _, domain = c["email"].partition("@")
        draft = (await admin.post("/admin/draft-orders", {
            "email": f"{local}+{tag}@{domain}", "customer_id": customers[o["customer_id"]], "region_id": s.region_id,
            "sales_channel_id": s.sales_channel_id, "shipping_address": addr, "billing_address": addr,
            "items": [{"variant_id": variant_ids[skus[i["sku"]]], "quantity": i["qty"]} for i in o["items"]],
            "shipping_methods": [{"shipping_option_id": s.shipping_option_id, "name": "Standard parcel",
                                  "amount": 0}]}))["draft_order"]
        made = (await admin.post(f"/admin/draft-orders/{draft['id']}/convert-to-order"))["order"]
        await admin.post(f"/admin/orders/{made['id']}", {"metadata": {"aftersales_payment_method_id":
                                                                      o["payment_method_id"]}})
        stage = {"pending": "placed", "paid": "paid", "shipped": "shipped", "delivered": "delivered"}[o["status"]]
        await _advance(admin, s, made, stage)
        return made, o["id"]

    made = await asyncio.gather(*(order(o) for o in fixture["orders"]))
    conn = await asyncpg.connect(db_url)
    try:
        for rec, fixture_id in made:
            ids[fixture_id] = rec.get("custom_display_id") or f"#{rec['display_id']}"
            o = next(x for x in fixture["orders"] if x["id"] == fixture_id)
            await conn.execute('UPDATE "order" SET created_at = $1 WHERE id = $2',
                               datetime.fromisoformat(o["placed_at"]), rec["id"])
            if o["status"] in ("shipped", "delivered"):
                full = (await admin.get(f"/admin/orders/{rec['id']}", fields="*fulfillments"))["order"]
                for f in full["fulfillments"]:
                    shipped = datetime.fromisoformat(o["shipped_at"])
                    delivered = datetime.fromisoformat(o["delivered_at"]) if o.get("delivered_at") else None
                    await conn.execute("UPDATE fulfillment SET shipped_at = $1, delivered_at = "
                                       "CASE WHEN delivered_at IS NULL THEN NULL ELSE $2::timestamptz END, "
                                       "created_at = $1 WHERE id = $3", shipped, delivered, f["id"])
    finally:
        await conn.close()
    return seed
