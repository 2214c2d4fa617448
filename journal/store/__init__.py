"""The event store's own machinery: events to stored records (sealed per person), the hash
chain over every stored row and its check, snapshots, and the schema lock."""
