"""Who the learner is: one implicit learner in an SQLite file, a name on PostgreSQL.

Kept free of database libraries: the read path of every command imports it.
"""

from __future__ import annotations

from typing import Any

from mlpath.errors import InvalidInput

# The one learner of an SQLite file. A PostgreSQL database names each learner: by
# default the role that connects (`current_user`), which its access rules key on.
LOCAL_LEARNER = "local"
# How long a learner's name may be (PostgreSQL's own limit for a role's name).
NAME_LIMIT = 63


def for_file(requested: str | None) -> str:
    """The learner of an SQLite file: there is only one, whatever was asked."""
    if requested not in (None, LOCAL_LEARNER):
        raise InvalidInput(
            "an SQLite file holds one learner; several learners need a shared PostgreSQL database",
            hint="drop --learner (and MLPATH_LEARNER), or point --db at a PostgreSQL URL",
        )
    return LOCAL_LEARNER


def check_name(name: str) -> str:
    """A learner's name as given to --learner or MLPATH_LEARNER, or why it cannot be."""
    from mlpath.safetext import find

    if not name.strip() or len(name) > NAME_LIMIT or find(name) is not None:
        raise InvalidInput(
            f"a learner's name is 1 to {NAME_LIMIT} characters, without control characters",
            hint="the name is usually your PostgreSQL role: --learner alice",
        )
    return name


def on_server(dbapi_connection: Any, requested: str | None) -> str:
    """The learner on a PostgreSQL connection: the one asked for, else the role."""
    if requested is not None:
        return requested
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        row = cursor.fetchone()
    return str(row[0])
