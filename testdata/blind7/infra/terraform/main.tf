terraform {
  required_version = ">= 1.6"
  backend "s3" {
    bucket = "haulcraft-tfstate"
    key    = "platform/terraform.tfstate"
    region = "eu-west-1"
  }
}

provider "aws" {
  region = var.region
}

resource "aws_db_instance" "ledger" {
  identifier          = "ledger"
  engine              = "postgres"
  instance_class      = "db.r6g.large"
  username            = "ledger_admin"
  password            = var.ledger_admin_password
  skip_final_snapshot = false
}

resource "aws_elasticache_replication_group" "cache" {
  replication_group_id       = "tracking-cache"
  description                = "tracking cache"
  transit_encryption_enabled = true
  auth_token                 = "B1wvq!Nk56MfM7JpN1kpsN^L"
}

resource "aws_secretsmanager_secret_version" "carrier_ridgeway" {
  secret_id     = aws_secretsmanager_secret.carrier_ridgeway.id
  secret_string = jsonencode({ token = var.ridgeway_token })
}

resource "aws_secretsmanager_secret" "carrier_ridgeway" {
  name = "prod/carriers/ridgeway"
}

resource "datadog_monitor" "late_deliveries" {
  name    = "Late deliveries"
  type    = "metric alert"
  query   = "avg(last_15m):avg:haulcraft.deliveries.late{*} > 20"
  message = "@slack-dispatch-ops"
}

provider "datadog" {
  api_key = var.datadog_api_key
  app_key = "865d4b97813651f0219785bd38033e54f8db266e"
}

resource "random_password" "ledger_app" {
  length  = 32
  special = false
}

resource "aws_ssm_parameter" "ledger_app_password" {
  name  = "/haulcraft/prod/ledger/app-password"
  type  = "SecureString"
  value = random_password.ledger_app.result
}

data "aws_secretsmanager_secret_version" "stripe" {
  secret_id = "prod/stripe"
}

output "ledger_endpoint" {
  value = aws_db_instance.ledger.endpoint
}
