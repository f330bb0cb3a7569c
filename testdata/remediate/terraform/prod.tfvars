region        = "eu-west-1"
db_password   = "@@S@@"
instance_type = "m6i.large"
smtp = {
  host     = "smtp.example.com"
  password = "@@S@@"
}
