resource "kubernetes_secret" "registry" {
  metadata {
    name      = "registry"
    namespace = "apps"
  }
  data = {
    username = "robot$ci"
    password = "JFi0amP+bLEYWA98"
  }
}

resource "kubernetes_secret_v1" "tls" {
  metadata {
    name = "api-tls"
  }
  type = "kubernetes.io/tls"
  data = {
    "tls.crt" = file("${path.module}/tls.crt")
    "tls.key" = file("${path.module}/tls.key")
  }
}

resource "kubernetes_config_map" "app" {
  metadata {
    name = "app"
  }
  data = {
    LOG_LEVEL    = "debug"
    FEATURE_FLAGS = "checkout,search"
    COMMIT       = "83d64f5bfc6c62c7abbde4823ed84be5676cecbe"
  }
}

resource "helm_release" "postgres" {
  name       = "postgres"
  repository = "oci://registry-1.docker.io/bitnamicharts"
  chart      = "postgresql"
  version    = "15.5.0"

  set {
    name  = "auth.username"
    value = "app"
  }
  set {
    name  = "auth.password"
    value = "eJj6m5q%0tHLTFb2"
  }
  set {
    name  = "primary.persistence.size"
    value = "20Gi"
  }
  set_sensitive {
    name  = "auth.replicationPassword"
    value = "YOaDLi4=Sip3yPK1"
  }
  set_sensitive {
    name  = "auth.postgresPassword"
    value = var.postgres_admin_password
  }
}

variable "postgres_admin_password" {
  type      = string
  sensitive = true
}

locals {
  grafana_admin_password = "qsdcKv4%khUtnMO9"
  grafana_url            = "https://grafana.internal.example.com"
  api_key                = "Dw6hEWrdkQUcyydfYQjVPGDBnVkbC7ko"
  api_key_header         = "X-Api-Key"
  registry_auth          = "https://robot:I7LiLtE+G2HC1Hp7@registry.internal.example.com"
  registry_url           = "https://registry.internal.example.com"
}
