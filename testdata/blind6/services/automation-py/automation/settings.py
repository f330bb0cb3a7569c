"""Django settings for the automation rules editor."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "+s1ha9l8+33e_(4+(eh!r#aisxcx#-kntabg6og=9s!+by8%hk")
DEBUG = os.environ.get("DEBUG") == "1"
ALLOWED_HOSTS = ["rules.brightloop.io", "rules.staging.brightloop.io", "localhost"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "automation",
        "USER": "automation",
        "PASSWORD": os.environ["AUTOMATION_DB_PASSWORD"],
        "HOST": os.environ.get("DB_HOST", "localhost"),
    }
}

CELERY_BROKER_URL = "redis://:HvFTqaJt3uBWae8uE9TFBTeD@redis-master.staging.brightloop.internal:6379/3"
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "redis://localhost:6379/4")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]

SOCIAL_AUTH_GOOGLE_OAUTH2_KEY = "574964680420-hm48r3nvh16n8krc1x79b516fdmo8zeh.apps.googleusercontent.com"
