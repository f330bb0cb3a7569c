environment          = "prod"
db_master_password   = "Saffron-Kettle!84"
datadog_api_key      = "032d548ec43d5aba8a44f3002fc46810"
cloudflare_api_token = "vL_bp-btytFcr5XE547RSh1IMO9gBDnbAM7DfP8w"
db_secret_name       = "prod/orders/db"
kms_key_alias        = "alias/orders-secrets"
token_ttl            = "1h"
secret_rotation_days = 30
