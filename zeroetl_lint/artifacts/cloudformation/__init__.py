"""The CloudFormation adapter: position-keeping loader, intrinsic functions, and the builder that maps templates onto the model."""
