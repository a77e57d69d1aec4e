"""Fixes as data applied to files: the edits rules attach to findings, suppression edits, diffs and safe writes."""
