region        = "eu-west-1"
instance_type = "m6i.large"
db_password   = "AWGZW9p%cbB7MDY5"
datadog_api_key = "1124a57ad1f547bb7477e509f9266e03"
github_token  = "ghp_sfbOL38aSXX1PHwqGpsgD61wfvzPoFDcUIDk"
allowed_cidrs = ["10.0.0.0/8", "192.168.0.0/16"]
ami_id        = "ami-a305b49fac5c872f1"
tags = {
  team        = "payments"
  cost_center = "cc-1042"
}
smtp = {
  host     = "smtp.sendgrid.net"
  user     = "apikey"
  password = "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"
}
