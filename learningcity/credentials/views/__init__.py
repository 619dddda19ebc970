"""Credentials pages: public (issuers, achievements, status lists, verification, shared credentials),
learners' own credentials, and issuer staff pages (`manage`)."""
