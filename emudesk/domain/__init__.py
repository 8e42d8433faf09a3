"""Pure rules of the awards office: no Qt, no SQLAlchemy, no I/O."""
