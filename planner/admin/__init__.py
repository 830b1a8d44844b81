"""Site administration: organizations, users, the audit log and the outbox."""
