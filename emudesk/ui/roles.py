"""Custom item data roles, in one place (after Picard's ``ui/logviewmodel.py``)."""

from __future__ import annotations

from PySide6.QtCore import Qt

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the record id of a row
FOLD_ROLE = Qt.ItemDataRole.UserRole + 2  # folded text for diacritic-insensitive matching
VALUE_ROLE = Qt.ItemDataRole.UserRole + 3  # the raw value behind a displayed label (enum, code)
LOADED_ROLE = Qt.ItemDataRole.UserRole + 4  # a tree branch whose children are loaded
