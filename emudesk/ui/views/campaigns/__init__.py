"""Campaigns and achievements: the plan editor with its parts, the achievements screen."""
