resource "aws_lambda_function" "notifier" {
  function_name    = "notifier"
  role             = aws_iam_role.notifier.arn
  handler          = "index.handler"
  runtime          = "nodejs20.x"
  filename         = "build/notifier.zip"
  source_code_hash = filebase64sha256("build/notifier.zip")

  environment {
    variables = {
      SLACK_BOT_TOKEN   = "xoxb-967346879500-0694310613891-nvfrMfwzNGlpW1UQcEN87Ufc"
      SENDGRID_API_KEY  = "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"
      INTERNAL_API_TOKEN = "Us9HcdEzvQWuJVh9Qj15imGRaYzbum1P"
      LOG_LEVEL         = "info"
      DB_PASSWORD       = data.aws_ssm_parameter.db.value
      QUEUE_URL         = aws_sqs_queue.jobs.url
      BUILD_SHA         = "b9719478f2f68cfc04443d4fda02868127e027c1"
    }
  }
}

resource "aws_ecs_task_definition" "api" {
  family = "api"
  container_definitions = jsonencode([
    {
      name  = "api"
      image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api@sha256:e0e624b80ba1f952f853835ee1817dd474dab82ad8a217f97d37bfea150987a5"
      environment = [
        { name = "PORT", value = "8080" },
        { name = "JWT_SECRET", value = "wm42XJYH8yQNWNb2ThG3qSNjpfq8zF1ETK2SvnBNBtK=" },
        { name = "DATABASE_URL", value = "postgres://api:BTHtTGL+mFDyUKm7@orders.cluster.internal:5432/api" },
        { name = "CACHE_URL", value = "redis://cache.internal:6379/0" },
      ]
      secrets = [
        { name = "STRIPE_SECRET_KEY", valueFrom = aws_ssm_parameter.stripe.arn },
      ]
    }
  ])
}

resource "aws_instance" "bastion" {
  ami           = "ami-b4f61b7c6cef9f74b"
  instance_type = "t3.micro"
  user_data     = <<-EOT
    #!/bin/bash
    set -euo pipefail
    export GITHUB_TOKEN=ghp_Pc72GtE2SUSNt9t04QO6ZzLK4xP7ljgiAmH7
    export DEPLOY_ENV=prod
    curl -fsSL https://deploy.internal.example.com/bootstrap.sh | bash
  EOT
}

resource "aws_instance" "worker" {
  ami           = "ami-df0e1ae1e05af3d8d"
  instance_type = "t3.small"
  user_data = templatefile("${path.module}/worker.sh.tpl", {
    queue_url   = aws_sqs_queue.jobs.url
    redis_password = "6iVO66m+Be59y060"
    region      = var.region
  })
}
