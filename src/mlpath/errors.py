"""The errors mlpath reports to the learner, each with its exit code.

Domain and storage code raise these; the CLI boundary turns them into one line on
stderr (plus an optional hint) and the exit code, never a traceback.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    INVALID_INPUT = 1
    USAGE = 2  # Click's own code for malformed command lines
    NOT_STARTED = 3
    TOPIC_NOT_FOUND = 4
    DATABASE = 5
    ROADMAP = 6
    OUTPUT = 7  # the output could not be written (a change made was saved)
    BUSY = 8  # another mlpath command kept the database busy for too long
    SERVER_UNREACHABLE = 9  # the database server is down, or not where the URL says
    LOGIN_REFUSED = 10  # the database server refused the user of the URL
    DRIVER_MISSING = 11  # the driver a database URL needs is not installed
    ACCESS_DENIED = 12  # the database's access rules refuse this role the change or read
    INTERNAL = 70  # a bug: sysexits.h EX_SOFTWARE


class MlpathError(Exception):
    exit_code: ExitCode = ExitCode.INVALID_INPUT

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InvalidInput(MlpathError):
    exit_code = ExitCode.INVALID_INPUT


class NotStarted(MlpathError):
    exit_code = ExitCode.NOT_STARTED

    def __init__(self, location: str = "this database") -> None:
        super().__init__(
            f"mlpath has not been started: no learner set up in {location}",
            hint="run `mlpath start` first (or point --db / MLPATH_DB at your database)",
        )
        self.location = location


class TopicNotFound(MlpathError):
    exit_code = ExitCode.TOPIC_NOT_FOUND


class DatabaseError(MlpathError):
    exit_code = ExitCode.DATABASE


class RoadmapError(MlpathError):
    exit_code = ExitCode.ROADMAP


class Busy(MlpathError):
    exit_code = ExitCode.BUSY


class OutputFailed(MlpathError):
    exit_code = ExitCode.OUTPUT


class ServerUnreachable(DatabaseError):
    exit_code = ExitCode.SERVER_UNREACHABLE


class LoginRefused(DatabaseError):
    exit_code = ExitCode.LOGIN_REFUSED


class DriverMissing(DatabaseError):
    exit_code = ExitCode.DRIVER_MISSING


class AccessDenied(DatabaseError):
    exit_code = ExitCode.ACCESS_DENIED
