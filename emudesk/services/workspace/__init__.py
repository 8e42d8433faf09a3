"""What the window and the CLI need around the features: bin and undo, record details, overview, check.

Owns ``bin`` (the restorable bin and undo), ``records`` (one record for a detail panel),
``overview`` (Tổng quan), ``check`` (``emudesk check``), ``form_checks`` (validate as you type)
and ``listing`` (plain lists for ``emudesk list``).
"""
