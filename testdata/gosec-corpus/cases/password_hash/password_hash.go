// label: clean

// Package passwordhash: a hash under a name that is not a secret.
package passwordhash

const passwordHash = "5f4dcc3b5aa765d61d8327deb882cf99"
