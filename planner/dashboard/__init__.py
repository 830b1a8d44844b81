"""The organizer's dashboard: what waits for their answer, drafts, what is coming up."""
