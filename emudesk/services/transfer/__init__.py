"""Move a whole office database to another place: SQLite file or PostgreSQL server, either way.

``copying`` (the use case: checks, copy in one transaction, verification) and ``digest`` (a
per-table checksum that reads the same on both engines). Evidence files live in the database
(``evidence_blobs``) and go over like every other table.
"""
