"""What an operation changed, so each screen refreshes only what it shows (after Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Changes:
    """One flag per kind of record an operation may have written."""

    units: bool = False
    individuals: bool = False
    households: bool = False
    campaigns: bool = False
    achievements: bool = False
    nominations: bool = False
    awards: bool = False
    catalogue: bool = False
    settings: bool = False
    database: bool = False  # another database was opened: everything is new

    def __or__(self, other: Changes) -> Changes:
        return Changes(**{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)})

    def any(self, *names: str) -> bool:
        """True when the database changed or any of the named flags is set."""
        return self.database or any(getattr(self, name) for name in names)


EVERYTHING = Changes(**{f.name: True for f in fields(Changes)})
