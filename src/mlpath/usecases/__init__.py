"""Use cases: what a command does, over a storage reader or writer."""
