"""The column headers of the tables commands print, in the user's language.

``--json`` keeps the rows' keys (``issuing_body``), the stable names scripts rely on; a table
printed for a person shows each key's header here ("Cơ quan ban hành", or "Issuing body" with
``--lang en``). ``tests/cli/test_conventions.py`` holds every key a list prints to this table.
"""

from __future__ import annotations

from emudesk.i18n import N_, _

HEADERS: dict[str, str] = {
    "id": N_("ID"),
    "name": N_("Name"),
    "short_name": N_("Short name"),
    "kind": N_("Kind"),
    "parent": N_("Parent unit"),
    "valid_from": N_("Valid from"),
    "valid_to": N_("Valid to"),
    "gender": N_("Gender"),
    "birth_year": N_("Year of birth"),
    "birth_date": N_("Date of birth"),
    "birth": N_("Born"),
    "id_number": N_("ID card number"),
    "position": N_("Position"),
    "unit": N_("Unit"),
    "head": N_("Head of household"),
    "address": N_("Address"),
    "plan": N_("Plan"),
    "issuing_body": N_("Issuing body"),
    "issue_date": N_("Issued on"),
    "status": N_("Status"),
    "status_label": N_("Status (label)"),
    "period": N_("Period"),
    "nominations": N_("Nominations"),
    "code": N_("Code"),
    "category": N_("Category"),
    "level": N_("Level"),
    "authority": N_("Authority"),
    "subjects": N_("Subjects"),
    "subject": N_("Subject"),
    "active": N_("In use"),
    "award_form": N_("Award form"),
    "award_form_name": N_("Award form name"),
    "award": N_("Award"),
    "award_name": N_("Award name"),
    "campaign_id": N_("Campaign"),
    "proposing_unit": N_("Proposing unit"),
    "year": N_("Year"),
    "title": N_("Title"),
    "jurisdiction": N_("Jurisdiction"),
    "effective_from": N_("In force from"),
    "effective_to": N_("In force to"),
    "rules": N_("Rules"),
    "unconfirmed": N_("Unconfirmed"),
    "source": N_("Source"),
    "note": N_("Note"),
    "signed_on": N_("Signed on"),
    "issuer": N_("Issuer"),
    "signer": N_("Signer"),
    "issued": N_("Issued"),
    "refers_to": N_("Refers to"),
    "recipients": N_("Award recipients"),
    "summary": N_("Summary"),
    "council": N_("Council"),
    "held_on": N_("Held on"),
    "items": N_("Items"),
    "minutes": N_("Minutes"),
    "decision": N_("Decision"),
    "decision_date": N_("Decision date"),
    "method": N_("Method"),
    "role": N_("Role"),
    "role_label": N_("Role (label)"),
    "enabled": N_("Enabled"),
    "package": N_("Package"),
    "direction": N_("Direction"),
    "office": N_("Other office"),
    "created": N_("Created at"),
    "at": N_("Sent or received at"),
    "state": N_("Package state"),
    "records": N_("Records"),
    # emudesk statistics show|layout
    "line": N_("Line"),
    "figure": N_("Figure"),
    "part": N_("Part"),
    "confirmed": N_("Confirmed"),
}


def header(key: str) -> str:
    """The header of a column; a key without one (already a label) is shown as it is."""
    label = HEADERS.get(key)
    return _(label) if label is not None else key
