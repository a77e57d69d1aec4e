"""Input adapters: read templates, CDK assemblies, data filters and SQL into the model rules check."""
