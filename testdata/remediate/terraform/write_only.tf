# aws_db_instance.password has a write-only twin: password_wo.
resource "aws_db_instance" "orders" {
  identifier     = "orders-prod"
  engine         = "postgres"
  instance_class = "db.t4g.medium"
  username       = "orders_admin"
  password       = "@@S@@" # rotated 2024-03
  tags = {
    team = "payments"
  }
}

resource "aws_rds_cluster" "analytics" {
  cluster_identifier = "analytics"
  master_username    = "analytics"
  master_password    = "@@S@@"
}
