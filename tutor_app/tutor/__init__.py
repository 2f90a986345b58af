"""The tutoring pipeline: understand, generate, check, retry, record."""
