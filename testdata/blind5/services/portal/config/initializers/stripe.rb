# frozen_string_literal: true

Stripe.api_key = ENV.fetch("STRIPE_SECRET_KEY")
Stripe.api_version = "2025-03-31.basil"

Rails.configuration.x.shopify_token = ENV.fetch("SHOPIFY_TOKEN", "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")
Rails.configuration.x.webhook_secret = Rails.application.credentials.dig(:stripe, :webhook_secret)
Rails.configuration.x.pypi_mirror_password = "<%= ENV['PYPI_PASSWORD'] %>"
