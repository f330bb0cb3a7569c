"""Django settings for the reminders admin."""
import os

SECRET_KEY = "django-insecure-39qYw2yEDNssVqlEX6EHNCuHCoqZaNFRjdzWawaD9109e313"
DEBUG = os.environ.get("DEBUG") == "1"
ALLOWED_HOSTS = ["reminders.medora-care.net", "localhost"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "reminders",
        "USER": "reminders",
        "PASSWORD": os.environ.get("REMINDERS_DB_PASSWORD", "LugmdOZJHtgAfnnYuHEndq"),
        "HOST": "pg-staging.medora-care.net",
    },
    "local": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "db.sqlite3",
        "PASSWORD": "",
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]

EMAIL_HOST_PASSWORD = os.environ["EMAIL_HOST_PASSWORD"]
TWILIO_AUTH_TOKEN = os.getenv("TWILIO_AUTH_TOKEN")
SLACK_ALERT_TOKEN = os.getenv("SLACK_ALERT_TOKEN") or ""
