variable "api_token" {
  type      = string
  sensitive = true
}

resource "random_string" "token_id" {
  length  = 6
  special = false
  upper   = false
}

resource "random_string" "token_secret" {
  length  = 16
  special = false
  upper   = false
}

locals {
  github_token      = "ghp_mvcGfBtyJtD7C5op4vJhlNsRLGSmakA2pWct"
  api_token         = var.api_token
  bootstrap_token   = "${random_string.token_id.result}.${random_string.token_secret.result}"
  webhook_secret    = "669SYp4NfzjS7vs-3qy6DgtYc5Mdcz-X"
  deploy_public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI3E7qnVXvbZ1g3OPAXhkpivYzDdcWkuynbXK3UQlzvmu deploy@ci"
}

resource "kubernetes_secret" "ingress_tls" {
  metadata {
    name      = "orders-ingress-tls"
    namespace = "orders"
  }
  type = "kubernetes.io/tls"
  data = {
    "tls.crt" = file("${path.module}/certs/orders.crt")
    "tls.key" = <<-EOT
      -----BEGIN EC PRIVATE KEY-----
      MHcCAQEEIMq3cQ93Pr80RXsf0i24HF2q5TR5hP28tyrcBGYzppI9oAoGCCqGSM49
      AwEHoUQDQgAEG/wk9Sj5y8RlHYYEWzyz5wHUtVS0cOPUdq7foEnqV9o1chy4ZPdP
      12uTnmSbg5IEa0Jlir8ShmiXwTNC4EQxNQ==
      -----END EC PRIVATE KEY-----
    EOT
  }
}

resource "kubernetes_secret" "sftp_host_key" {
  metadata {
    name      = "sftp-host-key"
    namespace = "orders"
  }
  data = {
    ssh_host_rsa_key = <<EOF
-----BEGIN RSA PRIVATE KEY-----
MIIEpQIBAAKCAQEA7yMWYgSHsVkcLL4M4FOqJcfW/LXHNUSzJHOyMAeGGlKBzcjt
hrkUnXbS+HicNpIIp4zMwvLW7E5QBBMfKrKTEdpNO61IoksYAcyacu2gIvSdJz3N
M/a+ikNlpWgSZAZYThHr4jJTQ36xifw7my6G4QDnqqKISe2G62IocMyTvsK0sLDU
k+4GXtogpUqBR7MFUmnFLyUTL4QDTq8wDBR9nW6bq4GsVKywkkQhrVClZdIKPOb7
O2/EsC3qAw5kir76qFLfefu03cZqUkXCtjAzb3P13IxRq/5sLa1+vDzQ7HCpOTuU
N5h2Dd2RRvWEVNj7KSi7Z2JDM1tR2okZISGGhQIDAQABAoIBAAkvyjgBFTa9RfV7
ZkKRPukX+0IBYwzAfeKkRdp4f4YFWL06FH3ndaDy+U8tpaVRs4lplvgqR2gT6MOv
TwmJ4K0qkMBT0NrYkwHcBVbtmrLyaL3NhFOUYrosX/xHD5B4z0L4h0eiR/aWKGXf
oxPmvqxoJ34zo5QLeZ0TS/BsENpJd4669NEentxCc/kiSIfzuZebnguxu7E0T5Xc
XQdHUT/hy4ukU2gpxO705d9IQOJImxZBtL+o5l6qrF8WPCTdjCOTISD/CKZRP6gW
Z7OEWkby9fbSnwYn6vppKTKnxT8YK/Y9Xb1v4mb8ikIHOUd6J0OQMG0OzobvIRXF
NPw4zoUCgYEA/aACDcQ1GGRKX5bET2WDXFDTPBXhNM1cbGDxw0RisGMWYVQV+FO5
L5tnF0KEzBs1OJVLow0Rmx3JbeZ4cv6SJpI+Rlj4dOdZ67mjSAmitOWWMiOMQaT6
sqqnCFWfH+gd4HZ6nI5TZDe03mOAwjRACg8nYTHSN4FJCw2VCW1phtsCgYEA8WBZ
Rk/unpPmMY70p6ys+mKje/vm0yMT89kak46dt3tQhkDK8JcMip424HA03mwveUYM
LSqkLxtRtCmbaS66Mvn9NSnO/NnclYIWylUZ50YN770kwFTxPSfnjqdSjxGrPcnF
NMqxgygevjgS6NShnG4EEKJwmbyuY7jkdg04Nh8CgYEAwSJBrh4FmKd2g0gaAaP5
3iimUpEOx9jCUr2YHOxMgqlR95fCizGmSXx7ipja61qksovt5yIikA6kvw3MFzWI
MdsXlRZXTR6HuRvKHSdJQZu7Pj8XpT1usvOE8rHQ1Mk7RxyxzdoL4rsQ/nCjMj/7
rC1R/Y+k1yOabdJP9bfdrhUCgYEAr559dfYEVKahTp+HjFPLi2WnMzdFa4tTIhFt
D70tLWlwXi3YOhJ8koKoxMV/AfHO3LrFcztaN9f1q1K2e2H/IcXXoA2qRzgwESuU
b2RZs3a5/xssGS/0UZ2uEZHWNLgTUqJydIWhgB75t0bPI05Jw6ocFQpLSOAKNg45
U1cs9dsCgYEAxIWC7tteEdMS0HT/CuEQofKtpNPioj0OSq22rfsvmRgAi99hK6WZ
dQBv/NsvhmfDIlvrpn3Dj+qs5FIjB9Eh+KOB+jbxCItIHkbmZX1LJPDUyGhp4+q0
mZiQ9jANwvOUGF5fav9QgZ//IZk68VCpvXSVTFTJD0l+GOqx9yMb3Sw=
-----END RSA PRIVATE KEY-----
EOF
  }
}

resource "aws_instance" "bastion" {
  ami           = "ami-0c1c30571d2dae5c9"
  instance_type = "t3.micro"
  user_data     = <<-EOF
    #!/bin/bash
    echo "ADMIN_PASSWORD=Fz3#Bq7!Ud4%" >> /etc/bastion.env
    echo "ADMIN_PASSWORD_FILE=/etc/bastion/admin.pw" >> /etc/bastion.env
  EOF
}

resource "github_actions_secret" "token" {
  repository      = "orders"
  secret_name     = "BOOTSTRAP_TOKEN"
  plaintext_value = local.bootstrap_token
}
