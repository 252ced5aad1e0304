"""Services: the functions that write, one module per area (keyword-only, atomic)."""
