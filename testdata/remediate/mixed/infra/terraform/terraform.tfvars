region       = "eu-west-1"
github_token = "ghp_6OnTSGEl1n3CB3oGG7Rzpp6l9iMDsPwC9w3X"
