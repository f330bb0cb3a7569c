env                    = "staging"
datadog_api_key        = "04decd8f079b5eb8feff5329d1903f30"
vpc_cidr               = "10.42.0.0/16"
