"""The one read shell completion makes: topic ids and titles, on sqlite3 alone.

Every Tab runs mlpath, so this reads one table and imports nothing else of storage.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from mlpath.storage.sqlite_file import connect_readonly


def topic_titles(path: Path) -> list[tuple[str, str]] | None:
    """(id, title) of every live topic in roadmap order; None if it cannot be read."""
    try:
        with closing(connect_readonly(path)) as conn:
            rows = conn.execute("SELECT id, title FROM topic WHERE retired = 0 ORDER BY position")
            return [(topic_id, title) for topic_id, title in rows]
    except sqlite3.Error:
        return None
