provider "aws" {
  region     = "us-east-1"
  access_key = "AKIAHGQUETJGGEMGRVWV"
  secret_key = "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"
}

variable "db_password" {
  type      = string
  sensitive = true
  default   = ""
}

resource "random_password" "db" {
  length = 24
}

resource "aws_db_instance" "main" {
  engine   = "postgres"
  username = "app"
  password = var.db_password
}

resource "aws_db_instance" "replica" {
  engine   = "postgres"
  username = "app"
  password = random_password.db.result
}

resource "aws_db_instance" "legacy" {
  engine     = "mysql"
  username   = "root"
  password   = "TfRdsP4ss!"
  kms_key_id = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
