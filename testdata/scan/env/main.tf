resource "aws_db_instance" "orders" {
  username = "orders"
  password = "Ty6vLm2kZx9wG4"
}
variable "db_password" {
  type      = string
  sensitive = true
}
