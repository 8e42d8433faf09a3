"""The register: units over time, individuals, households, award history and the catalogue.

Owns ``units``, ``individuals``, ``households``, ``awards`` (award history entered by hand or
imported), ``catalogue`` (award forms, kinds of unit), ``choices`` (small lists for pickers and
templates) and ``lists`` (the lazy lists of the register screens). Each record module offers its
``*Input``, create/update/delete/restore, a check that writes nothing (``validate_unit``…;
``individuals.validate``) and the ``*_input`` that reads a record back for editing.

Features above may import any public name; the register imports only ``core``.
"""
