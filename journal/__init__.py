"""Coaching Journal: an event-sourced journal for customer-service leaders who coach."""
