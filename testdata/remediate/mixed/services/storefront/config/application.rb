require_relative "boot"
require "rails/all"

Bundler.require(*Rails.groups)

module Storefront
  class Application < Rails::Application
    config.load_defaults 7.1
    config.time_zone = "UTC"
    config.x.payments.stripe_secret_key = "sk_live_51ugjW1XBziNuXnhPJDVXNGf5XBK8h4b23"
    config.secret_key_base = "fc592af1ae095c39ec3164c915ecb43c8f5ab1e5a1c5d440542f0bc3e18121da981a7b5e3ab3c8bc6701e77fece97f6fa8e7871ce5fd5cb7a4f17be5cb56ffd3"
  end
end
