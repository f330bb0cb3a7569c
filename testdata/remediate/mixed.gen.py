#!/usr/bin/env python3
# python3 testdata/remediate/mixed.gen.py testdata/remediate/mixed
# Writes testdata/remediate/mixed/ from the templates below: every «kind|consumer»
# marker becomes a freshly generated fake secret in that kind's real format, and
# LABELS.tsv lists its path and line. Values are random at write time; none is a
# real credential.
import base64, json, os, secrets, string, subprocess, sys

out = sys.argv[1]
AL = string.ascii_letters + string.digits
UP = string.ascii_uppercase + string.digits


def r(n, al=AL):
    return "".join(secrets.choice(al) for _ in range(n))


pem = subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"], check=True, capture_output=True, text=True).stdout

gen = {
    "pw": lambda: r(4) + "-" + r(6) + "-" + r(6),
    "pwplain": lambda: r(20),
    "hex32": lambda: secrets.token_hex(16),
    "hex40": lambda: secrets.token_hex(20),
    "hex64": lambda: secrets.token_hex(32),
    "hex128": lambda: secrets.token_hex(64),
    "akia": lambda: "AKIA" + r(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
    "awssecret": lambda: r(40, AL + "+/"),
    "ghp": lambda: "ghp_" + r(36),
    "glpat": lambda: "glpat-" + r(20, AL + "-_"),
    "stripe": lambda: "sk_live_51" + r(8) + r(24),
    "xoxb": lambda: "xoxb-%s-%s-%s" % (r(11, string.digits), r(13, string.digits), r(24)),
    "sendgrid": lambda: "SG." + r(22, AL + "-_") + "." + r(43, AL + "-_"),
    "npm": lambda: "npm_" + r(36),
    "jwt": lambda: base64.b64encode(secrets.token_bytes(48)).decode(),
    "webhook": lambda: "https://hooks.slack.com/services/T%s/B%s/%s" % (r(8, UP), r(10, UP), r(24)),
    "pemjson": lambda: json.dumps(pem)[1:-1],  # \n escapes, as in a key file
    "sonar": lambda: "squ_" + secrets.token_hex(20),
}

labels = []


def render(path, text):
    lines = text.split("\n")
    res = []
    for i, line in enumerate(lines, 1):
        while "«" in line:
            a = line.index("«")
            b = line.index("»", a)
            kind, consumer = line[a + 1:b].split("|")
            v = values.get(kind)
            if kind.startswith("b64:"):
                v = base64.b64encode(gen[kind[4:]]().encode()).decode()
            elif kind.startswith("=") :
                v = values[kind[1:]]
            else:
                v = gen[kind.split(":")[0]]()
                if ":" in kind:
                    values[kind] = v
            line = line[:a] + v + line[b + 1:]
            labels.append((path, i, "secret", consumer, kind.split(":")[0].lstrip("=")))
        res.append(line)
    full = os.path.join(out, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write("\n".join(res))


values = {}
TEMPLATES = [
("deploy/k8s/base/kustomization.yaml", """apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: shop
resources:
  - deployment.yaml
  - service.yaml
  - payment-gateway-secret.yaml
secretGenerator:
  - name: shop-api-env
    literals:
      - REDIS_PASSWORD=«pw|kustomize»
      - SLACK_BOT_TOKEN=«xoxb|kustomize»
      - LOG_LEVEL=info
generatorOptions:
  labels:
    app.kubernetes.io/part-of: shop
"""),
("deploy/k8s/base/deployment.yaml", """apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-api
  labels:
    app.kubernetes.io/name: shop-api
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: shop-api
  template:
    metadata:
      labels:
        app.kubernetes.io/name: shop-api
    spec:
      containers:
        - name: api
          image: registry.example.com/shop/api:4.2.1
          ports:
            - containerPort: 8080
          envFrom:
            - secretRef:
                name: shop-api-env
          env:
            - name: SPRING_PROFILES_ACTIVE
              value: prod
            - name: DB_PASSWORD
              value: "«pw:k8sdb|k8s-workload»"
            - name: DATABASE_URL
              value: postgres://shop:«=pw:k8sdb|k8s-workload»@postgres.shop.svc:5432/shop
            - name: STRIPE_SECRET_KEY
              value: «stripe|k8s-workload»
            - name: PAYMENT_GATEWAY_TOKEN
              valueFrom:
                secretKeyRef:
                  name: payment-gateway
                  key: token
          resources:
            limits:
              memory: 512Mi
"""),
("deploy/k8s/base/service.yaml", """apiVersion: v1
kind: Service
metadata:
  name: shop-api
spec:
  selector:
    app.kubernetes.io/name: shop-api
  ports:
    - port: 80
      targetPort: 8080
"""),
("deploy/k8s/base/payment-gateway-secret.yaml", """apiVersion: v1
kind: Secret
metadata:
  name: payment-gateway
type: Opaque
data:
  token: «b64:hex40|k8s-secret»
  webhook-signing-key: «b64:pwplain|k8s-secret»
stringData:
  smtp-password: «pw|k8s-secret»
"""),
("docker-compose.yml", """services:
  postgres:
    image: postgres:16-alpine
    environment:
      POSTGRES_USER: shop
      POSTGRES_PASSWORD: «pw:composedb|compose»
      POSTGRES_DB: shop
    volumes:
      - pgdata:/var/lib/postgresql/data
  minio:
    image: minio/minio:RELEASE.2024-06-13T22-53-53Z
    command: server /data
    environment:
      MINIO_ROOT_USER: shop
      MINIO_ROOT_PASSWORD: "«pwplain|compose»"
  api:
    build:
      context: .
      args:
        NPM_TOKEN: «npm|compose»
    depends_on: [postgres, minio]
    environment:
      - DATABASE_URL=postgres://shop:«=pw:composedb|compose»@postgres:5432/shop
      - JWT_SECRET=«jwt|compose»
      - S3_ENDPOINT=http://minio:9000
    ports:
      - "8080:8080"
volumes:
  pgdata: {}
"""),
("services/orders/src/main/resources/application.yml", """spring:
  application:
    name: orders
  datasource:
    url: jdbc:postgresql://db.internal:5432/orders
    username: orders
    password: «pw|spring»
  mail:
    host: smtp.sendgrid.net
    username: apikey
    password: ${MAIL_PASSWORD:«sendgrid|spring»}
app:
  jwt:
    secret: «jwt|spring»
    expiry: 3600
server:
  port: 8081
"""),
("services/orders/src/main/resources/application-prod.properties", """# production overrides
spring.datasource.url=jdbc:postgresql://orders-db.prod.internal:5432/orders
spring.datasource.password=«pw|spring-properties»
spring.data.redis.host=redis.prod.internal
spring.data.redis.password=«pwplain|spring-properties»
app.payments.stripe-key=«stripe|spring-properties»
management.endpoints.web.exposure.include=health,info
"""),
("services/storefront/config/database.yml", """default: &default
  adapter: postgresql
  encoding: unicode
  pool: <%= ENV.fetch("RAILS_MAX_THREADS") { 5 } %>

development:
  <<: *default
  database: storefront_development
  username: storefront
  password: «pw|rails»

production:
  <<: *default
  url: postgres://storefront:«pwplain|rails»@storefront-db.prod.internal:5432/storefront
"""),
("services/storefront/config/application.rb", """require_relative "boot"
require "rails/all"

Bundler.require(*Rails.groups)

module Storefront
  class Application < Rails::Application
    config.load_defaults 7.1
    config.time_zone = "UTC"
    config.x.payments.stripe_secret_key = "«stripe|ruby»"
    config.secret_key_base = "«hex128|ruby»"
  end
end
"""),
("ansible/inventories/production/group_vars/all.yml", """---
app_user: shop
app_db_host: db.prod.internal
app_db_password: «pw|ansible»
redis_password: "«pwplain|ansible»"
github_deploy_token: «ghp|ansible»
ntp_servers:
  - 0.pool.ntp.org
  - 1.pool.ntp.org
"""),
("ansible/site.yml", """---
- hosts: app
  become: true
  roles:
    - common
    - app
"""),
("charts/shop/Chart.yaml", """apiVersion: v2
name: shop
version: 0.4.0
appVersion: "4.2.1"
"""),
("charts/shop/values.yaml", """replicaCount: 2
image:
  repository: registry.example.com/shop/api
  tag: 4.2.1
postgresql:
  auth:
    username: shop
    password: «pw|vals»
redis:
  auth:
    password: "«pwplain|vals»"
externalApi:
  url: https://api.partner.example.com
  apiKey: «hex40|vals»
ingress:
  enabled: true
  host: shop.example.com
"""),
("infra/cloudformation/app.yaml", """AWSTemplateFormatVersion: "2010-09-09"
Description: shop database and worker
Resources:
  Database:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.t4g.medium
      AllocatedStorage: "50"
      MasterUsername: shop
      MasterUserPassword: «pw|cloudformation»
  PartnerApiSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: shop/partner-api
      SecretString: '{"username":"shop","apiKey":"«hex32|cloudformation»"}'
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/shop-worker
      Code:
        S3Bucket: shop-artifacts
        S3Key: worker.zip
      Environment:
        Variables:
          SLACK_WEBHOOK_URL: «webhook|cloudformation»
"""),
(".gitlab-ci.yml", """stages: [test, deploy]

variables:
  SONAR_TOKEN: «sonar|gitlab-ci»
  DOCKER_DRIVER: overlay2

test:
  stage: test
  image: python:3.12
  services:
    - name: postgres:16
      alias: db
      variables:
        POSTGRES_PASSWORD: «pw|gitlab-ci»
  script:
    - pip install -r requirements.txt
    - pytest

deploy:
  stage: deploy
  variables:
    DEPLOY_TOKEN: «glpat|gitlab-ci»
  script:
    - ./deploy.sh
  only:
    - main
"""),
(".github/workflows/deploy.yml", """name: deploy
on:
  push:
    branches: [main]
env:
  AWS_REGION: eu-west-1
jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      AWS_ACCESS_KEY_ID: «akia|github-actions»
      AWS_SECRET_ACCESS_KEY: «awssecret|github-actions»
    steps:
      - uses: actions/checkout@v4
        with:
          token: «ghp|github-actions»
      - run: ./scripts/deploy.sh
      - uses: slackapi/slack-github-action@v1.26.0
        with:
          payload: '{"text":"deployed"}'
        env:
          SLACK_WEBHOOK_URL: «webhook|github-actions»
"""),
("analytics/profiles.yml", """shop:
  target: prod
  outputs:
    prod:
      type: snowflake
      account: xy12345.eu-west-1
      user: DBT_RUNNER
      password: «pw|dbt-profiles»
      role: TRANSFORMER
      database: ANALYTICS
      warehouse: TRANSFORMING
      schema: marts
      threads: 8
    bq:
      type: bigquery
      method: service-account-json
      project: shop-analytics
      dataset: marts
      threads: 4
      keyfile_json:
        type: service_account
        project_id: shop-analytics
        private_key_id: 7c1e4f2a9b3d5e8f0a6c2b4d1e9f3a7c5b8d0e2f
        private_key: "«pemjson|dbt-profiles»"
        client_email: dbt@shop-analytics.iam.gserviceaccount.com
        client_id: "110427384756102938475"
        token_uri: https://oauth2.googleapis.com/token
"""),
("analytics/dbt_project.yml", """name: shop
version: "1.0.0"
config-version: 2
profile: shop
model-paths: ["models"]
vars:
  segment_write_key: «hex32|dbt-project»
  start_date: "2023-01-01"
models:
  shop:
    +materialized: view
"""),
("analytics/packages.yml", """packages:
  - package: dbt-labs/dbt_utils
    version: 1.1.1
  - git: "https://«ghp|dbt-packages»@github.com/shop-example/dbt-internal.git"
    revision: v0.3.0
"""),
(".env", """# local settings for the api
NODE_ENV=production
DATABASE_URL=postgres://shop:«pw|dotenv»@localhost:5432/shop
SENDGRID_API_KEY=«sendgrid|dotenv»
AWS_ACCESS_KEY_ID=«akia|dotenv»
AWS_SECRET_ACCESS_KEY=«awssecret|dotenv»
SECRET_KEY_BASE=«hex64|dotenv»
"""),
("infra/terraform/main.tf", """terraform {
  required_providers {
    aws     = { source = "hashicorp/aws", version = "~> 5.60" }
    datadog = { source = "DataDog/datadog", version = "~> 3.40" }
  }
}

provider "datadog" {
  api_key = "«hex32|terraform»"
  app_key = "«hex40|terraform»"
}

variable "db_password" {
  type      = string
  sensitive = true
  default   = "«pw|terraform»"
}

variable "github_token" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "shop" {
  identifier        = "shop"
  engine            = "postgres"
  instance_class    = "db.t4g.medium"
  allocated_storage = 50
  username          = "shop"
  password          = var.db_password
}

resource "aws_elasticache_user" "app" {
  user_id       = "app"
  user_name     = "app"
  access_string = "on ~* +@all"
  engine        = "REDIS"
  passwords     = ["«pwplain|terraform»"]
}
"""),
("infra/terraform/terraform.tfvars", """region       = "eu-west-1"
github_token = "«ghp|terraform»"
"""),
]
for path, text in TEMPLATES:
    render(path, text)
with open(os.path.join(out, "LABELS.tsv"), "w") as f:
    f.write("# path\tline\tlabel\tconsumer\tformat\n")
    for l in labels:
        f.write("%s\t%d\t%s\t%s\t%s\n" % l)
print(len(labels), "secrets")
