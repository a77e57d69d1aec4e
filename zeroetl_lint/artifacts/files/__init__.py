"""File discovery and decoding: which inputs a run reads, and their text."""
