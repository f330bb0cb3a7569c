terraform {
  required_providers {
    github = {
      source  = "integrations/github"
      version = "~> 6.0"
    }
    datadog = {
      source = "DataDog/datadog"
    }
  }
}

provider "github" {
  owner = "acme"
  token = "ghp_EOMxfD6e2vqYzGQhpgPCqP4aj78LjhHBCX3X"
}

provider "datadog" {
  api_key = "357292fee945507ccf2cb9884f431e9d"
  app_key = "42f513eb2fc1c331b102cda6f3ed1f345aa3e25b"
  api_url = "https://api.datadoghq.eu/"
}

provider "azurerm" {
  features {}
  subscription_id = "428ed42d-9f29-992c-a606-8445a96e3c97"
  tenant_id       = "970c4e5a-550d-7d83-5d4c-f810272847ad"
  client_id       = "d7075bd6-4775-d002-ff04-47777ca5b6e7"
  client_secret   = "eNd2Q~qSmqxeLLAS0oLnJzkNRq.iPNZfLBZi9D"
}

provider "vault" {
  address = "https://vault.internal.example.com:8200"
  token   = "hvs.IaCDRs1hYrQyvhZOC7U-1GtOOmWJwC5Lb_rTNVmK_WQJNlPMLNrRfWPLgZrqX8-wIkB7bPuWbrModaVWwNVmq36rvNJPf4C"
}

provider "cloudflare" {
  api_token = var.cloudflare_api_token
}

provider "google" {
  project     = "acme-prod"
  credentials = file("${path.module}/sa.json")
}

provider "kubernetes" {
  host                   = data.aws_eks_cluster.main.endpoint
  cluster_ca_certificate = base64decode(data.aws_eks_cluster.main.certificate_authority[0].data)
  token                  = data.aws_eks_cluster_auth.main.token
}

variable "cloudflare_api_token" {
  type      = string
  sensitive = true
}
