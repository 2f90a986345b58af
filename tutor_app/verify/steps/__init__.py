"""Whether one line of working follows from the last, and what mistake it makes if not."""
