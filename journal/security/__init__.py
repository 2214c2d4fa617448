"""Keys and who did what: person keys wrapped by the master key, the read models' sealed
columns, password hashing, and the security trail."""
