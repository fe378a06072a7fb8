"""A PostgreSQL server for the tests: a fresh database for each test.

The server is the one MLPATH_TEST_POSTGRES_URL names (`.ci/run` starts a throwaway
one and sets it). Every database a test gets is made from a template migrated once
(`CREATE DATABASE ... TEMPLATE`), or empty, and dropped after the test.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from typing import Any

import pytest

URL_VARIABLE = "MLPATH_TEST_POSTGRES_URL"
HOW = (
    "run .ci/run (it starts a throwaway server), or start one with "
    "`.ci/postgres start DIR` and set MLPATH_TEST_POSTGRES_URL to the URL it prints "
    "(any postgresql:// URL of a user who may create databases)"
)


def server_url() -> str:
    """The server's URL, or skip (fail under CI) with how to get one."""
    url = os.environ.get(URL_VARIABLE)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {URL_VARIABLE} is not: the PostgreSQL tests must run")
        pytest.skip(f"the PostgreSQL tests need a server: {HOW}")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail('psycopg is not installed: pip install -e ".[test]"')
        pytest.skip('the PostgreSQL tests need psycopg: pip install -e ".[test]"')
    return url


def with_database(url: str, name: str, *, password: str | None = None) -> str:
    from sqlalchemy.engine import make_url

    from mlpath.paths import database_url

    made = make_url(database_url(url)).set(database=name)
    if password is not None:
        made = made.set(password=password)
    return made.render_as_string(hide_password=False)


class Database:
    """One test's database: its URL, and plain SQL on it."""

    def __init__(self, url: str) -> None:
        self.url = url

    def connect(self) -> Any:
        import psycopg

        from mlpath.storage.postgres import conninfo

        return psycopg.connect(conninfo(self.url), autocommit=True)

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with self.connect() as conn:
            cursor = conn.execute(sql, params or None)
            return cursor.fetchall() if cursor.description else []

    def tables(self) -> set[str]:
        return {
            row[0]
            for row in self.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        }


class Server:
    """Makes and drops the tests' databases."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._names = (f"mlpath_t{os.getpid()}_{n}" for n in itertools.count())
        self.template = f"mlpath_template_{os.getpid()}"
        self._made: list[str] = []

    def admin(self, sql: str) -> None:
        Database(self.url).query(sql)

    def make_template(self) -> None:
        from mlpath.storage.database import open_engine

        self.admin(f"DROP DATABASE IF EXISTS {self.template} WITH (FORCE)")
        self.admin(f"CREATE DATABASE {self.template}")
        open_engine(with_database(self.url, self.template), create=True).dispose()

    def new(self, *, empty: bool = False) -> Database:
        name = next(self._names)
        template = "template0" if empty else self.template
        self.admin(f"CREATE DATABASE {name} TEMPLATE {template}")
        self._made.append(name)
        return Database(with_database(self.url, name))

    def drop_made(self) -> None:
        while self._made:
            self.admin(f"DROP DATABASE IF EXISTS {self._made.pop()} WITH (FORCE)")

    def close(self) -> None:
        self.drop_made()
        self.admin(f"DROP DATABASE IF EXISTS {self.template} WITH (FORCE)")


def serve() -> Iterator[Server]:
    server = Server(server_url())
    server.make_template()
    try:
        yield server
    finally:
        server.close()
