"""Schema reader tests; a package so that the end-to-end corpus test can share their expectations."""
