provider "aws" {
  region     = "eu-west-1"
  access_key = "@@AKID@@"
  secret_key = "@@S@@"
}

provider "github" {
  owner = "acme"
  token = "@@S@@"
}
