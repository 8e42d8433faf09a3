"""One File ▸ Import or File ▸ Export menu item, as the module that offers it describes it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["import", "export"]


@dataclass(frozen=True)
class MenuEntry:
    """One menu item: ``run(window)`` is called on the GUI thread with the main window."""

    kind: Kind
    title: str
    run: Callable[[Any], None]
    order: int = 100
