"""bot.storage.query: compiled once per dialect, named parameters, no silent NULLs."""
from __future__ import annotations

import pytest
from sqlalchemy import bindparam, select, update

from bot.storage import query as q
from bot.storage.schema import inbox as T


def test_a_statement_compiles_once_per_dialect_with_its_parameters_in_order() -> None:
    stmt = q.Statement(update(T).where(T.c.seq == bindparam("w_seq"), q.one_of(T.c.status, ("a", "b"))),
                       ["status", "updated_at"])
    lite, pg = stmt.compiled(q.SQLITE), stmt.compiled(q.POSTGRESQL)
    assert "?" in lite.sql and "$1" in pg.sql and "$5" in pg.sql
    assert stmt.compiled(q.SQLITE) is lite                      # cached
    args = {"status": "done", "updated_at": 2.5, "w_seq": 7}
    assert lite.args(args) == pg.args(args) == ("done", 2.5, 7, "a", "b")


def test_a_missing_parameter_is_an_error_not_a_null() -> None:
    stmt = q.Statement(select(T.c.status).where(T.c.seq == bindparam("seq")))
    with pytest.raises(KeyError):
        stmt.compiled(q.SQLITE).args({"other": 1})


def test_an_expanding_in_is_refused() -> None:
    with pytest.raises(ValueError, match="one_of"):
        q.Statement(select(T.c.seq).where(T.c.status.in_(["a", "b"]))).compiled(q.SQLITE)


def test_real_stays_double_precision_on_postgresql() -> None:
    from sqlalchemy.schema import CreateTable
    ddl = q.compile_for(CreateTable(T), q.POSTGRESQL).sql
    assert "created_at DOUBLE PRECISION" in ddl and "attempts BIGINT" in ddl and "payload BYTEA" in ddl
