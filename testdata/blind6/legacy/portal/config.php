<?php
// Installer portal (PHP, being replaced by the Go API in 2025).
define('DB_HOST', 'legacy-mysql.brightloop.internal');
define('DB_USER', 'portal');
define('DB_PASSWORD', '4Q6I86HoHmccQ!XxJb');

$config = [
    'smtp' => [
        'host' => 'smtp.eu.mailgun.org',
        'user' => 'portal@mg.brightloop.io',
        'password' => getenv('PORTAL_SMTP_PASSWORD'),
    ],
    'recaptcha' => [
        'site_key' => '6Lf7aIgd5bbjKjGltc586i0BLW2DX4oLn2lgNcDg',
        'secret_key' => '6LEg9qrpa1e6m4uod5Q3FOdJujf1EpCkKpGK6DsE',
    ],
    'session' => ['cookie' => 'PORTALSESSID', 'lifetime' => 7200],
];
