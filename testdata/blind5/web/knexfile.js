// Knex configuration for the patient portal.
module.exports = {
  development: {
    client: 'pg',
    connection: 'postgres://portal:portal@localhost:5432/portal',
  },
  staging: {
    client: 'pg',
    connection: {
      host: 'pg-staging.medora-care.net',
      user: 'portal',
      password: process.env.PORTAL_DB_PASSWORD || 'QGMfPKjTavrnlxm5FCJ24q',
      database: 'portal',
    },
  },
  production: {
    client: 'pg',
    connection: {
      host: process.env.PORTAL_DB_HOST,
      user: 'portal',
      password: process.env.PORTAL_DB_PASSWORD,
      database: 'portal',
    },
  },
};
