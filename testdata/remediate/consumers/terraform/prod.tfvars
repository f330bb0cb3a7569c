region        = "eu-west-1"
admin_password = "gZlevMHYzZYsPM2bOz"
instance_type = "t3.micro"
