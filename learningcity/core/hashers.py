"""Password hashing: Argon2id at OWASP's recommended minimum (19 MiB of memory, 2 passes, 1 lane).

Django's own Argon2 defaults (100 MiB, 2 passes, 8 lanes) cost about 0.23 s of CPU per sign-in on the
2-core machines we measure on, so a few dozen people signing in at once queue every other request behind
them; these parameters cost about 26 ms and are what the OWASP Password Storage Cheat Sheet recommends for
Argon2id. Hashes made with other parameters (or by PBKDF2) still verify and are re-hashed with these at the
next sign-in (`must_update`).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
