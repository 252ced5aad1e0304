"""Forms of the intake app, split by purpose."""
