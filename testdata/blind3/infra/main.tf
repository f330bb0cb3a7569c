terraform {
  required_version = ">= 1.6"
  required_providers {
    aws     = { source = "hashicorp/aws", version = "~> 5.50" }
    azurerm = { source = "hashicorp/azurerm", version = "~> 3.105" }
    random  = { source = "hashicorp/random", version = "~> 3.6" }
  }
}

provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias      = "legacy"
  region     = "us-east-1"
  access_key = "AKIAWUOKNB6SIGKOO3TU"
  secret_key = "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"
}

provider "azurerm" {
  features {}
  tenant_id       = "9c1f4d2e-5b7a-4e3c-8f21-6d0a9b3c7e15"
  client_id       = "3f6b9a21-8c4d-4e7f-a1b2-5d9e0c7f3a64"
  client_secret   = "nTD8Q~JBBnSUuN9_02HL_cQE4Ba6wn7q3hR-c7AC"
  subscription_id = "b2e8c7a1-4f3d-4a9e-9c5b-1e7f2d6a8b30"
}

data "azurerm_key_vault_secret" "sp" {
  name         = "orders-sp-secret"
  key_vault_id = "/subscriptions/b2e8c7a1-4f3d-4a9e-9c5b-1e7f2d6a8b30/resourceGroups/orders/providers/Microsoft.KeyVault/vaults/orders-kv"
}

resource "random_password" "reporting" {
  length  = 32
  special = true
}

resource "aws_rds_cluster" "orders" {
  cluster_identifier = "orders-${var.environment}"
  engine             = "aurora-postgresql"
  master_username    = "orders_admin"
  master_password    = var.db_master_password
  storage_encrypted  = true
}

resource "aws_rds_cluster" "analytics" {
  cluster_identifier = "analytics-${var.environment}"
  engine             = "aurora-postgresql"
  master_username    = "analytics"
  master_password    = "Lynx.Granite!0917"
}

resource "aws_db_instance" "reporting" {
  identifier     = "reporting"
  engine         = "postgres"
  instance_class = "db.t4g.medium"
  username       = "reporting"
  password       = random_password.reporting.result
}

resource "aws_db_instance" "legacy" {
  provider       = aws.legacy
  identifier     = "legacy-mysql"
  engine         = "mysql"
  instance_class = "db.t3.small"
  username       = "admin"
  password       = "w1ndm1ll&Orchid"
}

resource "azurerm_container_registry_token_password" "ci" {
  container_registry_token_id = azurerm_container_registry_token.ci.id
  password1 {}
}

resource "azurerm_linux_web_app" "orders" {
  name                = "orders-web"
  resource_group_name = "orders"
  location            = "westeurope"
  service_plan_id     = azurerm_service_plan.orders.id
  site_config {}
  auth_settings_v2 {
    active_directory_v2 {
      client_id                  = "3f6b9a21-8c4d-4e7f-a1b2-5d9e0c7f3a64"
      client_secret_setting_name = "MICROSOFT_PROVIDER_AUTHENTICATION_SECRET"
      tenant_auth_endpoint       = "https://login.microsoftonline.com/9c1f4d2e-5b7a-4e3c-8f21-6d0a9b3c7e15/v2.0"
    }
    login {}
  }
  app_settings = {
    MICROSOFT_PROVIDER_AUTHENTICATION_SECRET = data.azurerm_key_vault_secret.sp.value
    DB_PASSWORD                              = sensitive(var.db_master_password)
    CLOUDFLARE_TOKEN                         = var.cloudflare_api_token
  }
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id     = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({ username = "orders_admin", password = random_password.reporting.result })
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}

resource "aws_ssm_parameter" "grafana" {
  name  = "/orders/grafana/admin_password"
  type  = "SecureString"
  value = file("${path.module}/secrets/grafana_admin_password.txt")
}
