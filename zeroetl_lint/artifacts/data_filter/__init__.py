"""The data-filter adapter: parser, validation, regexes and evaluation of zero-ETL DataFilter text."""
