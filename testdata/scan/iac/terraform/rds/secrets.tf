resource "aws_secretsmanager_secret" "app" {
  name       = "prod/app/db"
  kms_key_id = var.kms_key_id
}

resource "aws_s3_object" "config" {
  bucket      = "acme-config"
  key         = "app/config.json"
  source      = "${path.module}/config.json"
  etag        = "9cdc30b5f6b4740e7637a82e365bc9a0"
  secret_name = "prod/app/db-password"
}

resource "azurerm_linux_web_app" "api" {
  name = "acme-api"
  auth_settings_v2 {
    active_directory_v2 {
      client_id                  = "5917dc26-2008-96dc-6bd0-0268825eccc1"
      client_secret_setting_name = "MICROSOFT_PROVIDER_AUTHENTICATION_SECRET"
      tenant_auth_endpoint       = "https://login.microsoftonline.com/194a096b-dd3e-587e-37f9-8148f57653d1/v2.0"
    }
  }
}

resource "aws_secretsmanager_secret_version" "app" {
  secret_id = aws_secretsmanager_secret.app.id
  secret_string = jsonencode({
    username = "app"
    password = "QAhRVwI#zxNMdtE8"
    host     = aws_db_instance.orders.address
  })
}

resource "aws_secretsmanager_secret_version" "generated" {
  secret_id = aws_secretsmanager_secret.app.id
  secret_string = jsonencode({
    username = "app"
    password = random_password.billing.result
  })
}

ephemeral "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.app.id
}

resource "aws_db_instance" "ledger" {
  identifier          = "ledger"
  engine              = "postgres"
  instance_class      = "db.t4g.small"
  username            = "ledger"
  password_wo         = jsondecode(ephemeral.aws_secretsmanager_secret_version.db.secret_string)["password"]
  password_wo_version = 1
}

resource "aws_ssm_parameter" "stripe" {
  name  = "/prod/payments/stripe_key"
  type  = "SecureString"
  value = "sk_live_oajmmItozPa2Nx3r1IhX3MmL"
}

resource "aws_ssm_parameter" "signing" {
  name  = "/prod/payments/webhook_signing"
  type  = "SecureString"
  value = "CWlOAAvAxV36WBzkP6CclTfF9oqIFUDa"
}

resource "aws_ssm_parameter" "endpoint" {
  name  = "/prod/payments/endpoint"
  type  = "String"
  value = "https://api.payments.internal.example.com/v2"
}

resource "aws_ssm_parameter" "image_digest" {
  name  = "/prod/payments/image"
  type  = "String"
  value = "sha256:fb7c7bc5293e3458de1978bdc9ae600762145711c5ec744845a2186b7aebee04"
}

data "aws_secretsmanager_secret_version" "legacy" {
  secret_id = "prod/legacy"
}

locals {
  legacy_password = jsondecode(data.aws_secretsmanager_secret_version.legacy.secret_string)["password"]
}
