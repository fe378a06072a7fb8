"""Setting a PostgreSQL database up for a group: the roadmap and the access rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from mlpath.errors import InvalidInput

if TYPE_CHECKING:
    from mlpath.formats.roadmap_file import Roadmap
    from mlpath.storage.writes import Writer


class RolesReady(NamedTuple):
    owner: str  # the role that owns the schema and set it up
    roadmap: str  # its title and version
    learner_role: str
    mentor_role: str


def needs_server() -> InvalidInput:
    return InvalidInput(
        "roles and access rules are for a PostgreSQL database; an SQLite file has one"
        " learner and the file's own permissions",
        hint="point --db or MLPATH_DB at the group's postgresql:// URL",
    )


def access_sql() -> list[str]:
    """The SQL of the access rules, for a database administrator to read or run."""
    from mlpath.storage.access import SCHEMA, statements

    # As run in the default schema; mlpath itself runs them in the schema it is in.
    return [line.replace(SCHEMA, "public") for line in statements()]


def init_roles(*, writer: Writer, roadmap: Roadmap) -> RolesReady:
    """Load the roadmap (if the database has none yet) and set up the roles and rules."""
    from mlpath.storage.access import LEARNER_ROLE, MENTOR_ROLE

    writer.sync_roadmap(roadmap, created=not writer.topic_ids())
    writer.set_up_access()
    return RolesReady(
        writer.learner, f"{roadmap.title} {roadmap.version}", LEARNER_ROLE, MENTOR_ROLE
    )
