"""Every limit on the learner's data, defined once.

Input parsing, the roadmap's validation, the import's validation, undo and
`doctor` all read these, so that whatever one of them accepts the others accept
too: an export of anything mlpath let the learner type imports again.

Pure constants: this module is imported by the lightest commands.
"""

from __future__ import annotations

from datetime import date

# --- hours -------------------------------------------------------------------------

MAX_HOURS_PER_DAY = 24.0
MAX_HOURS_PER_WEEK = 112.0  # 16 hours a day, every day: beyond it a plan is not a plan
MIN_HOURS_PER_WEEK = 1.0  # below it the roadmap would outlast a lifetime
MAX_TOPIC_HOURS = 2000.0  # one roadmap topic: a year of full-time work
# Sums of float hours such as 0.1 + 0.2 must not count as over a limit.
HOURS_TOLERANCE = 1e-9

# --- text, in characters -------------------------------------------------------------

MAX_NOTE_CHARS = 2000  # a journal note or a break's reason: a line, not an essay
# An entry's note: `log --note` always took long text, and exports hold it.
MAX_ENTRY_NOTE_CHARS = 10_000
MAX_SLUG_CHARS = 80  # an id in a roadmap file: a topic's, a phase's, a criterion's
MAX_LINK_CHARS = 10_000  # a web address or a file path given as evidence of work
MAX_PAPER_TITLE_CHARS = 500  # a paper's title in the paper log: the longest run to a few lines

# --- dates ---------------------------------------------------------------------------

# Days outside these are a corrupted or forged file or a mistyped year, not a
# learner's record; MLPATH_TODAY must fall inside them too.
EARLIEST_DAY = date(1990, 1, 1)
LATEST_DAY = date(2100, 1, 1)

# --- ids -----------------------------------------------------------------------------

MAX_ROW_ID = 2**63 - 1  # SQLite's largest integer key

# The least time an entry holds: a minute. `log 0.01` (36 seconds) is refused as
# `log 0` is, rather than stored and shown as "0 h".
MIN_ENTRY_HOURS = 1 / 60
# A study timer running longer than this was most likely left on: stopping it asks
# before logging (or takes `timer stop --yes`).
LONG_TIMER_HOURS = 12.0

# --- spaced review ---------------------------------------------------------------------

# The share of reviews the scheduler aims to have recalled when they come due (the
# fsrs scheduler's desired retention). Below 0.7 a topic is mostly forgotten by its
# review; above 0.99 reviews come nearly every day for months.
DEFAULT_RETENTION = 0.9
MIN_RETENTION = 0.7
MAX_RETENTION = 0.99
# The longest a review may be put off: past ten years a topic is a new subject.
MAX_REVIEW_INTERVAL_DAYS = 3650
