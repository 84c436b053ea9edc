"""Writes of electronic licences (S6: R6.1), one module per concern: the type catalogue (`types`), issuance and its
later changes (`issuance`), batches from Excel (`batch`), documents (PDF, OFD, use copies: `documents`)."""
