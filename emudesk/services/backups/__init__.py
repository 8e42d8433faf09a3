"""Backups of an SQLite database with its evidence files, restoring them, and automatic backups.

``archive`` (the backup file: writing, reading, checking), ``restore`` (putting one back over a
database) and ``schedule`` (backups by hand and automatic ones with rotation, listing them).
"""
