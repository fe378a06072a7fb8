"""A learner's database named by a URL: how a use case gets a reader or a writer.

A use case that decides for itself what to open (import: restore into a new
database, or merge into a started one) takes a Database rather than a URL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager

from mlpath.errors import NotStarted
from mlpath.storage.reads import open_reader
from mlpath.storage.writes import Writer, open_writer


class Database:
    def __init__(
        self,
        url: str,
        *,
        on_wait: Callable[[float], None] | None = None,
        learner: str | None = None,
    ) -> None:
        self.url = url
        self._on_wait = on_wait
        self._learner = learner

    def is_started(self) -> bool:
        """Whether the learner has started here (False: no file, an empty one, or one
        that a killed restore left half made)."""
        try:
            with closing(open_reader(self.url, learner=self._learner)) as reader:
                reader.snapshot()
        except NotStarted:
            return False
        return True

    @contextmanager
    def writer(self) -> Iterator[Writer]:
        """One unit of work on the started database."""
        with open_writer(self.url, on_wait=self._on_wait, learner=self._learner) as writer:
            yield writer

    @contextmanager
    def new_database_writer(self) -> Iterator[Writer]:
        """One unit of work that fills a database not started yet.

        A SQLite database is built whole under a temporary name beside the target and
        takes its name only once complete: a fill that is killed or fails leaves the
        target as it was. Another engine's own transaction is all-or-nothing.
        """
        from mlpath.paths import database_url, sqlite_path
        from mlpath.storage import sqlite_file

        target = sqlite_path(self.url)
        if target is None:
            with open_writer(
                self.url, create=True, on_wait=self._on_wait, learner=self._learner
            ) as writer:
                yield writer
            return
        building = sqlite_file.building_copy(target)
        try:
            with open_writer(
                database_url(str(building)), create=True, learner=self._learner
            ) as writer:
                yield writer
            sqlite_file.put_in_place(building, target)
        finally:
            sqlite_file.discard(building)
