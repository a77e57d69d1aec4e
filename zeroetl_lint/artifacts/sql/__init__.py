"""The SQL adapter: streaming splitter, statement reader and schema files, feeding the schema catalog."""
