# No write-only form: a data source, and the value lands in state.
resource "aws_lambda_function" "fn" {
  function_name = "notifier"
  api_token     = "@@S@@"
}

module "db" {
  source   = "./modules/db"
  password = "@@S@@"
}

locals {
  region  = "eu-west-1"
  api_key = "@@S@@"
}

output "bootstrap_token" {
  value = "@@S@@"
}
