"""The demo data set: a province after the 2025 merger, and the province-scale benchmark set.

Not a use case: only the CLI, the app and the tests import it; no other service does.

Modules, in the order the data set is built. Each builder part extends the one before it;
only ``dataset`` puts them together, and none of them imports it.

- ``dataset``: the entry point, ``generate()``.
- ``base``: the story's dates, ``DemoSize``/``SIZES``, ``Progress``, the builder's shared state.
- ``names``: the names, positions and places people and units are drawn from.
- ``units``: the province's units and the 2025 merger (``UnitBuilder``).
- ``people``: individuals, ratings, award history, households (``PeopleBuilder``).
- ``campaigns``: seed and yearly plans, nominations through the workflow (``DemoBuilder``).
- ``province``: the same story at a merged province's scale (``ProvinceBuilder``).
- ``council``: rules, initiatives, a council session and the decisions that follow.
- ``achievements``: communes and people ticked against the NTM plan's criteria.
"""
