variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "ledger_admin_password" {
  type      = string
  sensitive = true
}

variable "ridgeway_token" {
  type      = string
  sensitive = true
  default   = ""
}

variable "datadog_api_key" {
  type        = string
  sensitive   = true
  description = "Datadog API key, e.g. 0123456789abcdef0123456789abcdef"
}

variable "kms_key_id" {
  type    = string
  default = "arn:aws:kms:eu-west-1:481516234200:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
