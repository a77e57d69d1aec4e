locals {
  family = "aurora-postgresql${split(".", var.engine_version)[0]}"
  # The four settings zero-ETL needs from an Aurora PostgreSQL source.
  zero_etl_parameters = {
    "rds.logical_replication"             = "1"
    "aurora.enhanced_logical_replication" = "1"
    "aurora.logical_replication_backup"   = "0"
    "aurora.logical_replication_globaldb" = "0"
  }
}

resource "aws_rds_cluster_parameter_group" "this" {
  name        = "${var.cluster_identifier}-pg16"
  family      = local.family
  description = "Aurora PostgreSQL Cluster Parameter Group"

  dynamic "parameter" {
    for_each = local.zero_etl_parameters
    content {
      name         = parameter.key
      value        = parameter.value
      apply_method = "pending-reboot"
    }
  }
}

resource "aws_db_subnet_group" "this" {
  name       = "${var.cluster_identifier}-subnets"
  subnet_ids = var.subnet_ids
}

resource "aws_rds_cluster" "this" {
  cluster_identifier              = var.cluster_identifier
  engine                          = "aurora-postgresql"
  engine_version                  = var.engine_version
  engine_mode                     = "provisioned"
  master_username                 = "postgres"
  manage_master_user_password     = true
  storage_encrypted               = true
  backup_retention_period         = 7
  db_subnet_group_name            = aws_db_subnet_group.this.name
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.this.name
}

resource "aws_rds_cluster_instance" "writer" {
  identifier         = "${var.cluster_identifier}-instance01"
  cluster_identifier = aws_rds_cluster.this.id
  instance_class     = var.instance_class
  engine             = aws_rds_cluster.this.engine
  engine_version     = aws_rds_cluster.this.engine_version
}
