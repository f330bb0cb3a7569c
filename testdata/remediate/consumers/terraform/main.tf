provider "aws" {
  region     = "eu-west-1"
  secret_key = "w2eEwE7ch585nRwn0yXlOcGT9a7ChXCAwJPD47Y3"
}

variable "db_password" {
  type    = string
  default = "AbdYGDK0QRW0bGVpex"
}

resource "aws_db_instance" "orders" {
  identifier     = "orders"
  engine         = "postgres"
  instance_class = "db.t4g.small"
  username       = "orders"
  password       = "pjCXP3NUxWks9eqxpU"
}

resource "aws_lambda_function" "notifier" {
  function_name = "notifier"
  environment {
    variables = {
      API_TOKEN    = "mu9jMKAOmhfndKllqYXFhoyGgjLAo6cK"
      DATABASE_URL = "postgres://app:AcChUbsk22R3uPKS@db.internal:5432/app"
      LOG_LEVEL    = "info"
    }
  }
}

resource "aws_instance" "web" {
  ami       = "ami-0abcdef1234567890"
  user_data = <<-EOT
    #!/bin/bash
    export GITHUB_TOKEN=ghp_nPMqg8jkYK1lMbI9ZAuOWPEjvoD7sMnsuWPg
  EOT
}
