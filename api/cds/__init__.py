"""CDS Hooks service: screening answers the `appointment-book` hook with cards; feedback is recorded."""
