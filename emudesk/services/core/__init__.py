"""The ground every feature stands on: the open store, change sets, shared record helpers.

Owns ``store`` (the open database, sessions, settings), ``changes`` (what an operation changed),
``common`` (live-record lookups, subject names, field checks), ``audit_log`` (reading the audit
log and its list), ``paging`` (ordered id lists with a first page and a count, folded-name
matching) and ``formats`` (dates and periods as Vietnamese offices write them).

Every other feature may import these modules; core imports no other feature.
"""
