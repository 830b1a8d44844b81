"""Partner organizations: their zone, working hours, the public list, and their own admins."""
