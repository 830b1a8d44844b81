"""Reminders, nudges and digests: messages the clock sends, each once, each refusable."""
