"""Use cases: every rule and write of emudesk, called alike by the GUI, the CLI and importers.

Functions take a session and plain values and return plain results; they raise
``emudesk.domain.errors`` types with user-facing messages. Transactions are
opened by the caller through ``Store.write()`` so a bulk change is one unit.

One subpackage per feature, each ``__init__`` saying what it owns. An import-linter
layers contract (``pyproject.toml``) keeps them in this order, each importing only
from those below it: ``demo`` > ``exports`` | ``imports`` | ``workspace`` >
``council`` | ``decisions`` > ``nominations`` > ``eligibility`` > ``rules`` |
``campaigns`` > ``register`` > ``core``. Names starting with ``_`` stay inside
their module; ``__init__`` files re-export nothing, so importing one feature does
not load the others.
"""
