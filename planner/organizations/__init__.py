"""Partner organizations: their zone, working hours, and the public list."""
