"""Invitations: people join an organization from an email (issue 13).

Proposals reach organizations that nobody has an account at yet through them too.

``operations`` decides who may invite whom and makes the invitations, ``mail`` writes
their email, ``acceptance`` reads an invitation's link and turns it into an account;
``views`` and ``api`` are the pages and the JSON API; ``presenters`` what the event
page asks the host for.
"""
