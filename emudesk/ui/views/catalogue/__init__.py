"""Danh mục: award forms, kinds of unit and the legal rule sets."""
