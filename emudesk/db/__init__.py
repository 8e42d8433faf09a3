"""Storage: SQLAlchemy 2.x models, engine set-up and Alembic migrations (SQLite and PostgreSQL)."""
