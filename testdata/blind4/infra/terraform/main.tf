terraform {
  required_providers {
    aws    = { source = "hashicorp/aws", version = "~> 5.80" }
    github = { source = "integrations/github", version = "~> 6.4" }
  }
}

provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIANFVJNQR26ZMFWHXU"
  secret_key = "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"
}

provider "github" {
  owner = "acme-logistics"
  token = "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"
}

variable "db_password" {
  type      = string
  sensitive = true
  default   = ""
}

resource "random_password" "replica" {
  length  = 32
  special = false
}

data "aws_secretsmanager_secret_version" "partner" {
  secret_id = "fleet/prod/partner"
}

resource "aws_db_instance" "fleet" {
  identifier        = "fleet-prod"
  engine            = "postgres"
  instance_class    = "db.r6g.large"
  username          = "fleet_admin"
  password          = var.db_password
  kms_key_id        = "arn:aws:kms:eu-west-1:746742952083:key/b90da083-c090-4576-b0ae-af07e3c1bb86"
  storage_encrypted = true
}

resource "aws_db_instance" "reporting" {
  identifier      = "fleet-reporting"
  engine          = "mysql"
  instance_class  = "db.t4g.medium"
  username        = "admin"
  password        = "Ft73B5EIawM!fOkv9-LHbX~"
}

resource "aws_db_instance" "replica" {
  identifier     = "fleet-replica"
  engine         = "postgres"
  instance_class = "db.r6g.large"
  username       = "fleet_admin"
  password       = random_password.replica.result
}

resource "aws_lambda_function" "sync" {
  function_name = "fleet-sync"
  role          = "arn:aws:iam::746742952083:role/fleet-sync"
  handler       = "bootstrap"
  runtime       = "provided.al2023"
  filename      = "sync.zip"
  environment {
    variables = {
      PARTNER_API_KEY = jsondecode(data.aws_secretsmanager_secret_version.partner.secret_string)["api_key"]
      SENDGRID_API_KEY = "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"
    }
  }
}
