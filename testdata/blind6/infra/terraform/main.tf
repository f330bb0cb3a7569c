terraform {
  required_version = ">= 1.7"
  backend "s3" {
    bucket = "brightloop-tfstate"
    key    = "hub/terraform.tfstate"
    region = "eu-central-1"
  }
  required_providers {
    aws        = { source = "hashicorp/aws", version = "~> 5.70" }
    postgresql = { source = "cyrilgdn/postgresql", version = "~> 1.23" }
    datadog    = { source = "DataDog/datadog", version = "~> 3.46" }
    github     = { source = "integrations/github", version = "~> 6.3" }
  }
}

provider "postgresql" {
  host     = aws_db_instance.hub.address
  username = "hubadmin"
  password = "wtmdwaYcv0rVqKAvd==40U10"
  sslmode  = "require"
}

provider "github" {
  owner = "brightloop"
  token = "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"
}

provider "datadog" {
  api_key = var.datadog_api_key
  app_key = var.datadog_app_key
  api_url = "https://api.datadoghq.eu/"
}

resource "random_password" "hub_db" {
  length  = 32
  special = false
}

resource "aws_db_instance" "hub" {
  identifier        = "hub-${var.env}"
  engine            = "postgres"
  engine_version    = "16.4"
  instance_class    = "db.r6g.large"
  username          = "hubadmin"
  password          = random_password.hub_db.result
  kms_key_id        = "arn:aws:kms:eu-central-1:418273645091:key/526c36ed-4a95-471f-a496-3987c2e8e711"
  storage_encrypted = true
}

resource "aws_iam_access_key" "ota_uploader" {
  user    = "ota-uploader"
  pgp_key = "keybase:brightloop_ops"
}

output "ota_uploader_secret" {
  value     = aws_iam_access_key.ota_uploader.encrypted_secret
  sensitive = true
}
