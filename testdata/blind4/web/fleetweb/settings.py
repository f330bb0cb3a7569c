"""Django settings for fleetweb."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "django-insecure-9pzd+b--u(l_^koao4b@#43t!uqy(6+*@az!ma_fb1*673=os&"

DEBUG = os.environ.get("DJANGO_DEBUG") == "1"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "fleetweb",
        "USER": "fleetweb",
        "PASSWORD": os.environ["FLEETWEB_DB_PASSWORD"],
        "HOST": "pg-primary",
    }
}

EMAIL_HOST = "smtp.eu.mailgun.org"
EMAIL_HOST_USER = "postmaster@mg.acme-logistics.io"
EMAIL_HOST_PASSWORD = "7x0Kaj4EFtygrYf2exgl"

AWS_ACCESS_KEY_ID = os.getenv("AWS_ACCESS_KEY_ID", "")
AWS_SECRET_ACCESS_KEY = os.getenv("AWS_SECRET_ACCESS_KEY", "")

PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

SLACK_SIGNING_SECRET = os.environ.get("SLACK_SIGNING_SECRET", "22c06b8cf062012bcf16bcee16936653")
CSRF_COOKIE_NAME = "fleet_csrftoken"
SESSION_COOKIE_AGE = 1209600
