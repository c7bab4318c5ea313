"""The canonical store: SQLAlchemy Core on SQLite (default, one file) or PostgreSQL (teams, scale).

schema.py tables · migrations.py ordered schema versions · engine.py connecting + the one dialect
difference (upsert) · sql.py SqlStore (writes) · queries.py reads.
"""
from .migrations import SCHEMA_VERSION
from .queries import RunRow, StoredFailure, StoreStatus
from .sql import SqlStore

__all__ = ["SCHEMA_VERSION", "RunRow", "SqlStore", "StoreStatus", "StoredFailure"]
