"""`learningcity lrs client create|list|revoke`: manage the credentials xAPI clients use.

`create` prints the key and the secret once; only a hash of the secret is stored.
"""

from __future__ import annotations

import orjson
from django.core.management.base import BaseCommand, CommandError

from learningcity.lrs import scopes as scope_rules
from learningcity.lrs.models import Client
from learningcity.lrs.services import client_create, client_revoke


class Command(BaseCommand):
    help = "Manage xAPI client credentials."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="noun", required=True)
        client = sub.add_parser("client", help="Client credentials.")
        actions = client.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create credentials and print key and secret.")
        create.add_argument("--name", required=True)
        create.add_argument(
            "--scopes",
            default=",".join(scope_rules.DEFAULT_SCOPES),
            help=f"Comma-separated, from: {', '.join(scope_rules.SCOPES)}.",
        )
        create.add_argument(
            "--authority", help="Authority Agent as JSON (default: an account named by the key)."
        )
        create.add_argument(
            "--xapi-version",
            default="2.0.0",
            choices=["1.0.3", "2.0.0"],
            help="Version declared in responses to this client's requests that name none.",
        )
        create.add_argument("--key", help="Use this key instead of a random one (test set-ups).")
        create.add_argument("--secret", help="Use this secret instead of a random one (test set-ups).")
        listing = actions.add_parser("list", help="List clients.")
        listing.add_argument("--all", action="store_true", help="Include revoked clients.")
        revoke = actions.add_parser("revoke", help="Revoke a client by key.")
        revoke.add_argument("key")

    def handle(self, *args, noun: str, action: str, **options):
        getattr(self, f"_{action}")(**options)

    def _create(
        self,
        *,
        name: str,
        scopes: str,
        authority: str | None,
        key: str | None,
        secret: str | None,
        xapi_version: str,
        **_,
    ):
        try:
            client, raw_secret = client_create(
                name=name,
                scopes=scopes.split(","),
                by=None,
                key=key,
                secret=secret,
                xapi_version=xapi_version,
                authority=orjson.loads(authority) if authority else None,
            )
        except (ValueError, orjson.JSONDecodeError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"key: {client.key}\nsecret: {raw_secret}\nscopes: {','.join(client.scopes)}")
        self.stdout.write("The secret is not stored and cannot be shown again.")

    def _list(self, *, all: bool, **_):
        clients = Client.objects.all() if all else Client.objects.filter(revoked_at__isnull=True)
        for client in clients:
            state = "revoked" if client.revoked_at else "active"
            self.stdout.write(f"{client.key}\t{state}\t{client.name}\t{','.join(client.scopes)}")

    def _revoke(self, *, key: str, **_):
        client = Client.objects.filter(key=key).first()
        if client is None:
            raise CommandError(f"No client with key {key}.")
        client_revoke(client=client, by=None)
        self.stdout.write(f"Revoked {key}.")
