"""mlpath: a terminal companion for a machine-learning roadmap."""

__version__ = "0.1.0"
