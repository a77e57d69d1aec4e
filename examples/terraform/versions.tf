# The seed deployment (examples/seed) in Terraform: an Aurora PostgreSQL 16.4 source with its
# cluster parameter group, a Redshift Serverless namespace + workgroup with the resource policy
# zero-ETL needs, and the integration between them.
terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.80"
    }
  }
}

provider "aws" {
  region = var.region
}

data "aws_caller_identity" "current" {}
