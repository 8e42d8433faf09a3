"""The rule book: dated, cited legal rule sets loaded as typed domain rules, edited and imported.

Owns ``rulebook``. Eligibility, nominations, council and decisions judge by it; it imports only
``core`` and ``register``.
"""
