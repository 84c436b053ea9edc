"""Writes of electronic licences (S6: R6.1): the type catalogue (`types`), issuance and its later changes
(`issuance`), batches from Excel (`batch`)."""
