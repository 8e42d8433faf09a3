"""Eligibility: facts read from the register, judged by the rules in force on a day, and suggestions.

Owns ``facts`` (which facts the rules need, read in bulk), ``judge`` (verdicts with cited reasons:
``evaluate``, ``evaluate_nomination``, ``explain``, ``reasons_json``) and ``suggest`` (who could be
proposed for a form; ``nominations.drafts`` files them). Imports the features below it: ``rules``,
``campaigns``, ``register``, ``core``.
"""
