"""Nominations (đề nghị khen thưởng): drafting, the workflow, quota checks, approval into history.

Owns ``workflow`` (create, edit, move, approve), ``terms`` (what the campaign's plan allows, checked
by the workflow), ``gate`` (eligibility judged at every move, and overrides), ``drafts`` (filing
suggestions as drafts) and ``lists`` (the nominations screen). Imports ``core``, ``register``,
``rules``, ``campaigns`` and ``eligibility``.
"""
