"""The council (Hội đồng Thi đua - Khen thưởng) and its review sessions, from agenda to signed minutes.

Owns ``members`` (councils and terms), ``sessions`` (opening, attendance, agenda, closing),
``tallies`` (votes judged against the dated threshold, outcomes) and ``screens`` (the read
models of the council view, minutes and projector). Imports eligibility and the features below.
"""
