resource "tls_private_key" "deploy" {
  algorithm = "ED25519"
}

locals {
  legacy_ca_key = <<-EOT
    -----BEGIN PRIVATE KEY-----
    MIICdwIBADANBgkqhkiG9w0BAQEFAASCAmEwggJdAgEAAoGBAO/vJgBPM7oTkd+1
    bClBqlour09YJWbcKiewDzl4CT0QwxTcsc7T2IxiWISKEurLjBzNg67UXSiKFqXe
    GFF9MMuYiDGGjCoeYAGzPputQUCUK5ekDwnI8AO1kYm3fut/27qD2RRZ3jLhXwhV
    CPkfckzHNkOe/h0MiVrEojZ74IHzAgMBAAECgYBe25eUi7uRl2cWoK1QakulN8vL
    fLfcwLJR2oNKXzCX2eametI5SPvWFJOWYtgzx6FvSbkEB6WE/4MQtIu8u9fsAjqe
    ivva93CIdpm8WnFyxYeilClDsJjg5zC4/lDA60arpWUyM/54d0zeq937mbEtAyGN
    o2YAXhq56YfbSixAgQJBAPnctN09srqdWa4PCsS1MSKUV9IV1sSFoM/MFntKhZYX
    R3elP2d6aVAw8ONvEn+1ILwzuQ4D14zbwa27aeDQU2ECQQD11AIwOoxNsU6wzjwx
    RLtfOqZIEKMP1ObHo9DKuK8RJ49dNosCoF6BfyFqZt09qKxYpOhNPdDet2Ef5RyJ
    mWnTAkEA7sxUA1qTNa1q52Ky7Psq4ZybLkr2/s2jutWX6u93KtJG2H+TUGd6vUx4
    /TTLnkhS5+wbAd0EJjhlK5CBiX4xIQJAacBfhKHbM50ADh1aVZOMy4WufLfzfd8H
    vIBjVKIoZcfP67iICoQ0w56OIHjJ2jmSkru2V2wtS3I17QOhyCvgEwJBAKSJlZv+
    aeptKEM1zbO54asA2RiGuTd60RKHV5n7UxyP94BQq+0Gh3PsqQRPR/F5wBf2YYJT
    /9n/heE9hjZg/4A=
    -----END PRIVATE KEY-----
  EOT
  legacy_ca_cert_path = "${path.module}/ca.crt"
}

resource "aws_key_pair" "deploy" {
  key_name   = "deploy"
  public_key = tls_private_key.deploy.public_key_openssh
}

output "deploy_private_key" {
  value     = tls_private_key.deploy.private_key_openssh
  sensitive = true
}

output "bootstrap_token" {
  value = "fkQp44XhOZb1bG2xxMFJPNDIPoNuqkFf"
}

output "bucket_name" {
  value = "acme-artifacts-prod"
}
