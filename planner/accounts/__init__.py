"""People: signing in, the account page (preferences, API tokens), users and tokens."""
