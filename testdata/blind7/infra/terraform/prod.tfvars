region                = "eu-west-1"
ledger_admin_password = "ikCG6P-Q0Ff^kgpF*TiUaz9H"
ridgeway_token        = "4Wlv3SK8-PX7VdSBezntI08vOlbaGspighgu3KVE33U"
datadog_api_key       = "d65c966b9f36ae243b0259ca721650d9"
