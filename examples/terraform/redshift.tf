resource "aws_redshiftserverless_namespace" "this" {
  namespace_name = "custom-namespace-01"
  admin_username = "admin"
  db_name        = "dev-db"
}

resource "aws_redshiftserverless_workgroup" "this" {
  namespace_name      = aws_redshiftserverless_namespace.this.namespace_name
  workgroup_name      = "custom-workgroup-01"
  base_capacity       = 32
  publicly_accessible = false
  subnet_ids          = var.subnet_ids

  config_parameter {
    parameter_key   = "enable_case_sensitive_identifier"
    parameter_value = "true"
  }
}

# Zero-ETL reads the namespace's Redshift resource policy (aws_redshift_resource_policy, also for
# Serverless namespaces).
resource "aws_redshift_resource_policy" "this" {
  resource_arn = aws_redshiftserverless_namespace.this.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "redshift.amazonaws.com" }
        Action    = "redshift:AuthorizeInboundIntegration"
        Resource  = aws_redshiftserverless_namespace.this.arn
        Condition = {
          StringEquals = { "aws:SourceArn" = module.aurora.cluster_arn }
        }
      },
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "redshift:CreateInboundIntegration"
        Resource  = aws_redshiftserverless_namespace.this.arn
      },
    ]
  })
}
