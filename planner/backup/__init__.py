"""Backups: every table to one JSON document (``flask export``) and back (``flask import``).

``layout`` says what a backup holds (which tables, which columns, the header);
``values`` turns each column's values into JSON and back; ``schema`` compares schema
revisions; ``export`` and ``restore`` are the two operations; ``commands`` the CLI.
"""
