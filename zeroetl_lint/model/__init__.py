"""The model rules read: the deployment, the project, the schema catalog; input-neutral data and the analyses rules share."""
