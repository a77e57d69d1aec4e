"""Data package holding the rulebook YAML; setuptools editable installs need this file."""
