provider "aws" {
  region = "eu-west-1"
}
resource "aws_db_instance" "billing" {
  identifier = "billing"
  username   = "billing"
  password   = "Tf5vLq8mZx2wM8"
}
resource "random_password" "db" {
  length = 32
}
resource "aws_secretsmanager_secret_version" "db" {
  secret_id     = aws_secretsmanager_secret.db.id
  secret_string = random_password.db.result
}
