"""Demo data for development: the LINK-J × Denmark organizations, accounts and events."""
