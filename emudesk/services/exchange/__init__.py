"""Exchange between offices by file: dossiers go up, plans and decisions come down, signed.

``office`` (this database's identity as an office, its Ed25519 key, the offices it trusts),
``package`` (the ``.emx`` file: a zip with a signed manifest, checked before anything is read),
``records`` (records to and from plain JSON keyed by UUID), ``exporting`` (what a package to an
office holds), ``importing`` (preview → conflict decisions → one transaction through the
services, and the receipt) and ``receipts`` (the other office's verdicts on what we sent).

A wizard drives an import as: ``open_package`` → ``preview`` → the user's ``Resolution`` for each
conflicting field → ``apply`` → ``write_receipt``. Imports ``core``, ``register``, ``campaigns``,
``rules``, ``nominations`` and ``decisions``.
"""
