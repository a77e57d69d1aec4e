"""Plug-ins that let other tools run zeroetl-lint: cfn-lint rules (cfnlint.py)."""
