"""Sign-in protections, two-factor, session limits and security logging of the clinic."""
