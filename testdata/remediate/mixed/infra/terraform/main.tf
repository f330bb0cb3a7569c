terraform {
  required_providers {
    aws     = { source = "hashicorp/aws", version = "~> 5.60" }
    datadog = { source = "DataDog/datadog", version = "~> 3.40" }
  }
}

provider "datadog" {
  api_key = "a8c27140ef5acf2f536e93bfc5e45eff"
  app_key = "4d01615a7f14d1d6bfca5b7356ff65368dc3b958"
}

variable "db_password" {
  type      = string
  sensitive = true
  default   = "rSrR-L62OgX-p36rbA"
}

variable "github_token" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "shop" {
  identifier        = "shop"
  engine            = "postgres"
  instance_class    = "db.t4g.medium"
  allocated_storage = 50
  username          = "shop"
  password          = var.db_password
}

resource "aws_elasticache_user" "app" {
  user_id       = "app"
  user_name     = "app"
  access_string = "on ~* +@all"
  engine        = "REDIS"
  passwords     = ["HefbknYetQLcRBOjcGwc"]
}
