"""Answering a proposal from its email: personal links, the answer page, forwarding."""
