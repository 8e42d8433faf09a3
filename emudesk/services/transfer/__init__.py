"""Move a whole office database to another place: SQLite file or PostgreSQL server, either way.

``copying`` (the use case: checks, copy in one transaction, verification), ``digest`` (a
per-table checksum that reads the same on both engines) and ``evidence`` (the evidence files).
"""
