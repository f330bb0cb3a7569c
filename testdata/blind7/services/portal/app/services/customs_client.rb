# Talks to the customs-broker API for EU import declarations.
class CustomsClient
  BASE_URL = "https://api.customsbroker.example.eu/v2".freeze
  # Sandbox credentials from the broker's onboarding guide.
  SANDBOX_KEY = "test_key_1234567890".freeze

  def initialize(api_key: ENV.fetch("CUSTOMS_API_KEY", "49f1905dc498c8e2f8be86db0d579e6506ce0042"))
    @api_key = api_key
  end

  def declare(shipment)
    Faraday.post("#{BASE_URL}/declarations", shipment.to_json,
                 "Authorization" => "ApiKey #{@api_key}",
                 "Content-Type" => "application/json")
  end

  def self.webhook_secret
    Rails.application.credentials.customs_webhook_secret
  end
end
