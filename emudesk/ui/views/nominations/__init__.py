"""Nominations: the workflow screen with its eligibility panel, the nomination and decision dialogs."""
