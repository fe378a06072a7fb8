"""The domain: plain typed data and pure functions (no I/O, no SQL, no UI)."""
