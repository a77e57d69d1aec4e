"""Fixes as data applied to files: suppression edits (suppress.py) and what rules attach to findings."""
