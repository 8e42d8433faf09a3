"""Use cases: every rule and write of emudesk, called alike by the GUI, the CLI and importers.

Functions take a session and plain values and return plain results; they raise
``emudesk.domain.errors`` types with user-facing messages. Transactions are
opened by the caller through ``Store.write()`` so a bulk change is one unit.
"""
