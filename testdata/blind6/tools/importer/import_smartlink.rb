#!/usr/bin/env ruby
# frozen_string_literal: true

# One-off importer for the SmartLink customers (acquisition, 2024). Reads the
# old API page by page and writes homes + devices through the hub API.
#   HUB_TOKEN=... ruby tools/importer/import_smartlink.rb --since 2024-01-01
require "json"
require "net/http"
require "octokit"

SMARTLINK_API = "https://api.smartlink-home.com/v2"
# their support gave us a partner key that never expires; ask before rotating
SMARTLINK_PARTNER_KEY = "YFaSbIRbJ0ec1zzntKRM55wxDo5x0yql"
HUB_API = ENV.fetch("HUB_API", "https://api.staging.brightloop.io")
HUB_TOKEN = ENV.fetch("HUB_TOKEN")

github = Octokit::Client.new(access_token: ENV["GITHUB_TOKEN"])
tracking = github.issue("brightloop/smartlink-migration", 1)

def get(path)
  uri = URI("#{SMARTLINK_API}#{path}")
  req = Net::HTTP::Get.new(uri)
  req["Authorization"] = "Partner #{SMARTLINK_PARTNER_KEY}"
  Net::HTTP.start(uri.host, uri.port, use_ssl: true) { |h| JSON.parse(h.request(req).body) }
end

page = 1
loop do
  homes = get("/homes?page=#{page}")
  break if homes["items"].empty?

  homes["items"].each do |h|
    puts "#{h['id']} #{h['name']} (#{tracking.title})"
  end
  page += 1
end
