module "aurora" {
  source = "./modules/aurora"

  cluster_identifier = var.name
  engine_version     = "16.4"
  instance_class     = "db.t4g.large"
  subnet_ids         = var.subnet_ids
}
