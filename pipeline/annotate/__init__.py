"""The doccano annotation loop: run a real doccano, push pipeline suggestions to it, pull corrections back.

Modules: ``environment`` (the two doccano venvs, credentials), ``server`` (start/stop doccano), ``examples``
(records → corpus-shaped examples, least sure first), ``merge`` (three-way merge into corpus/documents),
``client`` + ``bridge`` (doccano-client, run in its own venv), ``commands`` (what the CLI calls).
"""
