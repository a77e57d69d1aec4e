resource "aws_rds_integration" "this" {
  integration_name = "zero-etl-01"
  source_arn       = module.aurora.cluster_arn
  target_arn       = aws_redshiftserverless_namespace.this.arn
  data_filter      = "include: mydb.myschema.mytable"

  depends_on = [
    module.aurora,
    aws_redshiftserverless_workgroup.this,
    aws_redshift_resource_policy.this,
  ]

  lifecycle {
    ignore_changes = [kms_key_id]
  }
}
