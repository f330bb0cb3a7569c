resource "aws_instance" "web" {
  user_data = <<-EOT
    #!/bin/bash
    export DB_PASSWORD=@@S@@
  EOT
  connection {
    password = "@@S@@"
  }
}

resource "aws_lambda_function" "fn" {
  environment {
    variables = {
      API_TOKEN = "@@S@@"
    }
  }
}
