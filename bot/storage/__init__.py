"""Storage on SQLAlchemy Core (issue 11): one schema and one query layer for SQLite and PostgreSQL.

- `schema`: the Table definitions, per component, in one MetaData;
- `query`: Core statements compiled once per dialect and run on the project's connections
  (bot.db.connect: aiosqlite or asyncpg) with no SQL rewriting; dialect-aware upserts;
- `migrations`: versioned steps per component in `schema_version`, a fresh database created
  straight from the current schema.

Execution stays on bot.db's connections rather than SQLAlchemy's AsyncEngine on purpose: the
inbox's durability model lives there (one writer per connection, BEGIN IMMEDIATE, rows fetched
in the job that ran the statement, the per-schema advisory lock), and the engine's greenlet hop
per statement would cost the inbox's hot path for nothing it needs.
"""
