variable "db_password" {
  description = "Master password"
  type        = string
  default     = "@@S@@"
}

variable "api_token" {
  type      = string
  sensitive = true
  default   = "@@S@@"
}

variable "region" {
  default = "eu-west-1"
}
