"""Settings of the ETA prediction service."""
import os

DEBUG = os.environ.get("ETA_DEBUG") == "1"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": os.environ.get("ETA_DB_HOST", "localhost"),
        "NAME": "eta",
        "USER": "eta",
        "PASSWORD": os.environ.get("ETA_DB_PASSWORD", "QcnFHPrmDVTt8xVF"),
    }
}

SECRET_KEY = "-761zji%+9_jx*yqo-i)2%36lfr&dcsg^lgksve3686e%#5z^$"

WEATHER_API_KEY = os.environ["WEATHER_API_KEY"]
MAPS_API_KEY = "AIzao0t15avl6iv5nyLcLVWQfWOY9GtLnMhfdiq"

CELERY_BROKER_URL = "amqp://eta:TQ2UIK3Uch6Y@rabbit.internal.haulcraft.io:5672/eta"
CELERY_RESULT_BACKEND = "redis://localhost:6379/1"

LOGGING_SECRET_FIELDS = ["password", "api_key", "token"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]

# Password validators, copied from Django's template.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
SESSION_COOKIE_NAME = "eta_sessionid"
API_KEY_HEADER = "HTTP_X_API_KEY"
