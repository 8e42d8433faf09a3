"""The demo data set: a province after the 2025 merger, and the province-scale benchmark set.

Not a use case: only the CLI, the app and the tests import it; no other service does.
"""
