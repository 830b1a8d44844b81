"""Messages to the people involved: the outbox and its delivery by SMTP."""
