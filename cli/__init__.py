"""The shells: one module of command code per command group (``gazetteer``, ``events``, ``store``).

They sit on top and may import every layer; ``python -m gazetteer`` and ``python -m events`` are thin entry points
(``gazetteer/__main__.py``, ``events/__main__.py``) that call ``main()`` here.
"""
