"""The store's SQL scripts as shipped before bot.storage (never edited): tests build old databases with them."""

SCRIPTS: list[str] = [
    # 1: shop data, created records, conversation state.
    """
    CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE customers (
        id TEXT PRIMARY KEY, name TEXT, phone TEXT, email TEXT, extra TEXT
    );
    -- Platform ids can be phone numbers (WhatsApp's wa_id): looked up by a keyed hash,
    -- the id itself kept sealed under the customer's key.
    CREATE TABLE identities (
        lookup TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        sealed TEXT NOT NULL
    );
    CREATE INDEX identities_customer ON identities(customer_id);
    CREATE TABLE orders (
        id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        status TEXT NOT NULL, placed_at TEXT NOT NULL, placed_ts REAL NOT NULL,
        shipped_at TEXT, delivered_at TEXT, carrier TEXT, tracking_no TEXT,
        currency TEXT NOT NULL, total TEXT NOT NULL, shipping_address TEXT, extra TEXT
    );
    CREATE INDEX orders_customer ON orders(customer_id, placed_ts);
    CREATE TABLE order_items (
        order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        line INTEGER NOT NULL, sku TEXT NOT NULL, name TEXT NOT NULL, qty INTEGER NOT NULL,
        price TEXT NOT NULL, category TEXT NOT NULL,
        PRIMARY KEY (order_id, line)
    );
    CREATE TABLE returns (
        id TEXT PRIMARY KEY, order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        status TEXT NOT NULL, reason TEXT, skus TEXT NOT NULL DEFAULT '[]', created_at TEXT NOT NULL,
        extra TEXT
    );
    CREATE INDEX returns_order ON returns(order_id);
    CREATE TABLE exchanges (
        id TEXT PRIMARY KEY, order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        status TEXT NOT NULL, reason TEXT, sku TEXT, wanted TEXT, created_at TEXT NOT NULL,
        extra TEXT
    );
    CREATE INDEX exchanges_order ON exchanges(order_id);
    CREATE TABLE refunds (
        id TEXT PRIMARY KEY, order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        amount TEXT NOT NULL, currency TEXT, status TEXT NOT NULL, reason TEXT, return_id TEXT,
        created_at TEXT NOT NULL, extra TEXT
    );
    CREATE INDEX refunds_order ON refunds(order_id);
    CREATE TABLE tickets (
        id TEXT PRIMARY KEY, customer_id TEXT REFERENCES customers(id) ON DELETE CASCADE,
        scope TEXT, identity TEXT, conversation TEXT, reason TEXT, status TEXT,
        transcript TEXT, created_at TEXT NOT NULL, extra TEXT
    );
    CREATE TABLE invoices (
        id TEXT PRIMARY KEY, order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        status TEXT NOT NULL, title TEXT, created_at TEXT NOT NULL, extra TEXT
    );
    CREATE INDEX invoices_order ON invoices(order_id);
    CREATE TABLE id_counters (prefix TEXT PRIMARY KEY, n INTEGER NOT NULL);
    CREATE TABLE conversation_state (
        conversation_key TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at TEXT NOT NULL
    );
    """,
    # 2: the catalogue, payment methods, default addresses, items linked to variants, returns and
    # exchanges with items and quantities, order changes (DESIGN.md fixture format).
    """
    CREATE TABLE products (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, name_zh TEXT, category TEXT NOT NULL,
        options TEXT NOT NULL DEFAULT '{}', extra TEXT
    );
    CREATE TABLE variants (
        sku TEXT PRIMARY KEY, product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
        position INTEGER NOT NULL, options TEXT NOT NULL DEFAULT '{}', price TEXT NOT NULL,
        stock INTEGER NOT NULL, extra TEXT
    );
    CREATE INDEX variants_product ON variants(product_id, position);
    CREATE TABLE payment_methods (
        id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        position INTEGER NOT NULL, type TEXT NOT NULL, label TEXT, extra TEXT
    );
    CREATE INDEX payment_methods_customer ON payment_methods(customer_id, position);
    ALTER TABLE customers ADD COLUMN default_address TEXT;
    ALTER TABLE orders ADD COLUMN payment_method_id TEXT;
    ALTER TABLE order_items ADD COLUMN product_id TEXT;
    ALTER TABLE order_items ADD COLUMN options TEXT;
    ALTER TABLE returns ADD COLUMN items TEXT;
    ALTER TABLE returns ADD COLUMN refund_amount TEXT;
    ALTER TABLE returns ADD COLUMN refund_to TEXT;
    ALTER TABLE exchanges ADD COLUMN items TEXT;
    ALTER TABLE exchanges ADD COLUMN price_difference TEXT;
    ALTER TABLE refunds ADD COLUMN refund_to TEXT;
    CREATE TABLE order_changes (
        id TEXT PRIMARY KEY, order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        kind TEXT NOT NULL, before TEXT, after TEXT, created_at TEXT NOT NULL, extra TEXT
    );
    CREATE INDEX order_changes_order ON order_changes(order_id);
    """,
]
