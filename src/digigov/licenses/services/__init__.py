"""Writes of electronic licences (commands), one module per concern: documents (PDF, OFD, use copies)."""
