"""Views of the intake app, one module per area."""
