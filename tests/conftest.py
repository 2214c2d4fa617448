"""Settings for the whole suite."""

import os

# The cheapest argon2 parameters: the suite signs in hundreds of times. Production and
# `scripts/run` use argon2-cffi's defaults.
os.environ["JOURNAL_PASSWORD_HASHING"] = "fast"
