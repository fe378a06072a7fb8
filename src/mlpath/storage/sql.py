"""Plain SQL on either engine's DB-API driver: placeholders and values, in one place.

The Reader and doctor write their SQL once, with `?` placeholders. sqlite3 takes
them as they are and returns dates, times and JSON as the text SQLite stores;
psycopg takes `%s` and returns Python dates, times (in UTC: mlpath's connections
use that time zone) and decoded JSON. A `Queries` turns either into the same
values, so no reading code asks which engine it is on. Standard library only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any


class Queries:
    """SQLite's sqlite3: text in, text out."""

    engine = "sqlite"

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def run(self, sql: str, params: Sequence[Any] = ()) -> Iterable[Sequence[Any]]:
        # All the rows at once, and the cursor closed: SQLite does not close a
        # connection while a statement is open, and a query kept for later (or one in
        # the traceback of a failed read) would keep the write-ahead log beside the file.
        cursor = self.conn.execute(sql, [self.param(p) for p in params])
        try:
            return cursor.fetchall()  # type: ignore[no-any-return]
        finally:
            cursor.close()

    def one(self, sql: str, params: Sequence[Any] = ()) -> Sequence[Any] | None:
        return next(iter(self.run(sql, params)), None)

    @staticmethod
    def param(value: Any) -> Any:
        # sqlite3's own adapter for dates is deprecated; SQLite stores them as ISO text.
        return value.isoformat() if isinstance(value, date) else value

    @staticmethod
    def day(value: Any) -> date:
        return date.fromisoformat(value)

    @staticmethod
    def moment(value: Any) -> datetime:
        """A stored time, in UTC (SQLite's text holds UTC without saying so)."""
        moment = datetime.fromisoformat(value)
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)

    @staticmethod
    def doc(value: Any) -> Any:
        """A JSON column's value, decoded."""
        return json.loads(value)

    @staticmethod
    def text(value: Any) -> Any:
        """A value as SQLite stores it (dates and times as ISO text), for an export."""
        return value


class PostgresQueries(Queries):
    """PostgreSQL's psycopg: Python values in, Python values out."""

    engine = "postgresql"

    def run(self, sql: str, params: Sequence[Any] = ()) -> Iterable[Sequence[Any]]:
        # None of mlpath's SQL holds a `?` or a `%` of its own.
        return self.conn.execute(sql.replace("?", "%s"), tuple(params))  # type: ignore[no-any-return]

    @staticmethod
    def param(value: Any) -> Any:
        return value

    @staticmethod
    def day(value: Any) -> date:
        return value  # type: ignore[no-any-return]

    @staticmethod
    def moment(value: Any) -> datetime:
        return value.astimezone(UTC)  # type: ignore[no-any-return]

    @staticmethod
    def doc(value: Any) -> Any:
        return value

    @staticmethod
    def text(value: Any) -> Any:
        if isinstance(value, datetime):
            return value.astimezone(UTC).isoformat()
        if isinstance(value, date):
            return value.isoformat()
        return value


def queries(conn: Any, engine: str) -> Queries:
    return PostgresQueries(conn) if engine == "postgresql" else Queries(conn)
