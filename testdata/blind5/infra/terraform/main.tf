terraform {
  required_providers {
    aws     = { source = "hashicorp/aws", version = "~> 6.0" }
    datadog = { source = "DataDog/datadog", version = "~> 3.60" }
  }
}

provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAD7CIFMEUVPZLZN76"
  secret_key = "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"
}

provider "datadog" {
  api_key = var.datadog_api_key
  app_key = var.datadog_app_key
  api_url = "https://api.datadoghq.eu/"
}

variable "datadog_api_key" {
  type      = string
  sensitive = true
}

variable "datadog_app_key" {
  type      = string
  sensitive = true
}

variable "db_password" {
  type    = string
  default = ""
}

resource "random_password" "documents_db" {
  length  = 32
  special = false
}

resource "aws_db_instance" "booking" {
  identifier          = "booking-staging"
  engine              = "postgres"
  username            = "booking"
  password            = "tuQEGNmPjZcMjY0_rph2TX"
  skip_final_snapshot = true
}

resource "aws_db_instance" "documents" {
  identifier = "documents-staging"
  engine     = "postgres"
  username   = "documents"
  password   = random_password.documents_db.result
}

resource "aws_secretsmanager_secret_version" "twilio" {
  secret_id     = "booking/twilio"
  secret_string = jsonencode({ auth_token = var.twilio_auth_token })
}
