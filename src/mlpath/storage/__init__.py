"""Storage: the only code that speaks to a database."""
