"""Official documents from the database: lists, decision lists, the summary report, council minutes.

Owns ``documents`` (which documents exist, what each needs, one call to write one), ``common``
(the office header and list wording), ``lists``, ``summary``, ``minutes`` and ``table`` (any
list on screen as a document). Renders through ``emudesk.export``.
"""
