"""Campaigns (phong trào thi đua) as their plans define them, their quotas and achievements.

Owns ``definition`` (the portable ``CampaignDef``), ``plans`` (writing and reading a plan),
``milestones``, ``quotas`` (counting places inside the writing transaction), ``achievements``
(against criteria, with evidence files), ``lists`` (the campaigns and achievements screens) and
``workbook`` (a plan as the campaign workbook a province sends down).

Imports only ``core`` and ``register``.
"""
