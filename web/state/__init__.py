"""The web app's own state, beside the journal's read models: sign-in sessions, API
tokens, calendar-feed links, sign-in limits, kept Idempotency-Key answers and survey
uploads waiting for their columns (``tables`` defines their tables)."""
