terraform {
  required_version = ">= 1.11"
  backend "s3" {
    bucket = "acme-tfstate-prod"
    key    = "rds/terraform.tfstate"
    region = "eu-west-1"
  }
}

provider "aws" {
  region     = var.region
  access_key = "AKIA6OJYBIQKIZW27DQX"
  secret_key = "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"
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "db_password" {
  description = "Master password of the orders database"
  type        = string
  sensitive   = true
  default     = "Ckry8a4%SRvrWSB1"
}

variable "replica_password" {
  description = "Supplied by the pipeline"
  type        = string
  sensitive   = true
}

variable "reporting_dsn" {
  type      = string
  sensitive = true
  default   = "9KGPrzelg7Urpwcyi2V6tdD2"
}

variable "kms_key_id" {
  type    = string
  default = "arn:aws:kms:eu-west-1:123456789012:key/aa87fd16-e0c0-9836-139c-c2d96d3c91ba"
}

resource "aws_db_instance" "orders" {
  identifier          = "orders-prod"
  engine              = "postgres"
  engine_version      = "16.3"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 50
  username            = "orders_admin"
  password            = "w3NGRqX%Au3WEK71"
  kms_key_id          = var.kms_key_id
  skip_final_snapshot = false
}

resource "aws_db_instance" "replica" {
  identifier          = "orders-replica"
  replicate_source_db = aws_db_instance.orders.identifier
  instance_class      = "db.t4g.medium"
  password            = var.replica_password
}

resource "aws_rds_cluster" "analytics" {
  cluster_identifier   = "analytics"
  engine               = "aurora-postgresql"
  master_username      = "analytics"
  master_password      = "Ts8rB2M=0ieV63W1"
  db_subnet_group_name = "private"
  vpc_security_group_ids = ["sg-5d3589ad57db84528"]
}

resource "aws_rds_cluster" "reporting" {
  cluster_identifier          = "reporting"
  engine                      = "aurora-postgresql"
  master_username             = "reporting"
  manage_master_user_password = true
}

resource "random_password" "billing" {
  length  = 24
  special = true
}

resource "aws_db_instance" "billing" {
  identifier     = "billing"
  engine         = "mysql"
  instance_class = "db.t4g.small"
  username       = "billing"
  password       = random_password.billing.result
}
