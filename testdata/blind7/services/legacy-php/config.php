<?php
// Legacy customer portal (2016). Being replaced by services/portal.
return [
    'db' => [
        'dsn' => 'mysql:host=legacy-mysql.internal.haulcraft.io;dbname=portal',
        'user' => 'portal_legacy',
        'password' => 'hNRqLGVyEP*YGO1I5d_geTJ',
    ],
    'mail' => [
        'host' => 'smtp.mailgun.org',
        'user' => 'postmaster@mg.haulcraft.io',
        'password' => getenv('MAILGUN_SMTP_PASSWORD') ?: 'secret',
    ],
    'mailgun_api_key' => 'key-62aead9137cc4a46c96bf1b0d9e6d34a',
    // md5 of the old default admin password, kept to force a reset on first login
    'legacy_admin_md5' => '5f4dcc3b5aa765d61d8327deb882cf99',
];
// Old config for reference:
// 'password' => '*****',
