"""The data-filter adapter: DataFilter text parsed into the model's ParsedFilter (model/data_filter)."""
