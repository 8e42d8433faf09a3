"""Decisions (quyết định khen thưởng): drafting, recipients, issue, correction, revocation, cash.

Owns ``issuing`` (the decision's life), ``lists`` (decision lists and details) and ``cash``
(coefficient × lương cơ sở on the decision date). Imports nominations and the features below;
the council may not import decisions, nor decisions the council.
"""
