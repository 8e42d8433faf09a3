"""Eligibility: facts read from the register, judged by the rules in force on a day, and suggestions.

Owns ``facts`` (what the rules need, read in bulk), ``judge`` (verdicts with cited reasons) and
``suggest`` (who could be proposed for a form, and drafting them). Imports the features below it.
"""
