variable "environment" {
  type    = string
  default = "prod"
}

variable "db_master_password" {
  description = "Master password for the orders Aurora cluster"
  type        = string
  default     = "Pewter~Hollow61"
  sensitive   = true
}

variable "api_secret" {
  type      = string
  default   = ""
  sensitive = true
}

variable "secret_rotation_days" {
  type    = number
  default = 30
}

variable "datadog_api_key" {
  type      = string
  default   = "2543099cbd33612bd6ee7b0f8323a529"
  sensitive = true
}

variable "kms_key_alias" {
  type    = string
  default = "alias/orders-secrets"
}

variable "oauth_client_secret" {
  type      = string
  default   = null
  sensitive = true
}

variable "token_ttl" {
  type    = string
  default = "1h"
}

variable "db_secret_name" {
  type    = string
  default = "prod/orders/db"
}

variable "cloudflare_api_token" {
  type      = string
  sensitive = true
}
