"""Fixes: turn the edits rules attach to findings into changed text, shown as a diff or written safely."""
