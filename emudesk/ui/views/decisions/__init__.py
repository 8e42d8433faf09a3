"""Decisions in the Khen thưởng view: the panel, drafting, correction and revocation dialogs."""
