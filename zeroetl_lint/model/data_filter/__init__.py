"""The parsed data filter as rules read it: its clauses, what it replicates, and what is wrong with it."""
