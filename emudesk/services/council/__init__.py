"""The council (Hội đồng Thi đua - Khen thưởng) and its review sessions, from agenda to signed minutes.

Owns ``members`` (councils, their members and terms, the councils list), ``sessions`` (opening,
attendance and quorum, the agenda with recusals, closing and signing, and the session lists),
``tallies`` (ballots judged against the dated threshold, the council's outcomes) and ``screens``
(a session as the council view, the minutes and the projector show it). Imports eligibility and
the features below.
"""
