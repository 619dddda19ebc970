"""`learningcity credentials_rotate_key SLUG [--destroy-old]`: replace an issuer's signing key (e.g. yearly, by
cron). Runs as the system; credentials signed with the old key keep verifying."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from learningcity.credentials.models import Issuer
from learningcity.credentials.services import signing_key_rotate


class Command(BaseCommand):
    help = "Replace an issuer's signing key; the old public key stays published."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the issuer's slug, as in /credentials/issuers/<slug>/")
        parser.add_argument("--destroy-old", action="store_true", help="forget the old private key for good")

    def handle(self, *args, slug, destroy_old, **options):
        issuer = Issuer.objects.filter(slug=slug).first()
        if issuer is None:
            known = ", ".join(Issuer.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"No issuer {slug!r}. Issuers: {known}.")
        key = signing_key_rotate(issuer=issuer, by=None, destroy_old=destroy_old)
        self.stdout.write(f"{issuer.name}: now signing with {key.public_key_multibase}")
