"""Importing spreadsheets: plan every row against the database, then write all of them or none.

Owns ``importing`` (the entry points: plan, rehearse, commit, templates, error reports),
``model`` (plans, rows, actions), ``refs`` (names in a sheet to records), ``planner`` (the
shared planning of a sheet), ``subjects`` (the person, household or unit a row is about), one
module per kind of import with its planner and job (``units``, ``individuals``, ``households``,
``ratings``, ``awards``, ``achievements``, ``nominations``), and ``campaign`` (the campaign
workbook). Every row is checked by the same services the window uses.
"""
