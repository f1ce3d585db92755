"""The development realm of the local identity provider: the staff workspace's client, a
client for scripts, the claims the services read, and one user per role for a few centres.

The claims (`role`, `centre_id`, `municipality`, `region`) are user attributes that only an
administrator of the identity provider may set, copied into the tokens by attribute
mappers; the platform's API audience is added by an audience mapper. The documented
contract is in docs/identity.md."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from servicekit.auth import AUDIENCE, Role

REALM = "kk"
WORKSPACE_CLIENT = "kk-workspace"
SCRIPTS_CLIENT = "kk-scripts"
SCOPE_CLAIMS = ("centre_id", "municipality", "region")


@dataclass(frozen=True)
class DevUser:
    username: str
    first_name: str
    last_name: str
    role: Role
    centre_id: str | None = None
    municipality: str | None = None
    region: str | None = None

    def representation(self, password: str) -> dict[str, Any]:
        attributes = {"role": [self.role.value]}
        for claim in SCOPE_CLAIMS:
            if value := getattr(self, claim):
                attributes[claim] = [value]
        return {
            "username": self.username,
            "enabled": True,
            "emailVerified": True,
            "firstName": self.first_name,
            "lastName": self.last_name,
            "email": f"{self.username}@kk.invalid",
            "attributes": attributes,
            "credentials": [{"type": "password", "value": password, "temporary": False}],
        }


# Kalymnos (KK-6101, South Aegean) and Athens (KK-4501, Attica): a small island centre and
# the largest one.
DEV_USERS = (
    DevUser("kl.kalymnos", "Μαρία", "Γεωργίου", Role.SOCIAL_WORKER, "KK-6101", "6101", "EL42"),
    DevUser("head.kalymnos", "Νίκος", "Ιωάννου", Role.CENTRE_HEAD, "KK-6101", "6101", "EL42"),
    DevUser("kl.athens", "Ελένη", "Παππά", Role.SOCIAL_WORKER, "KK-4501", "4501", "EL30"),
    DevUser("head.athens", "Γιώργος", "Δημητρίου", Role.CENTRE_HEAD, "KK-4501", "4501", "EL30"),
    DevUser("supervisor.athens", "Άννα", "Κωστή", Role.MUNICIPAL_SUPERVISOR, None, "4501"),
    DevUser("observatory.attica", "Κώστας", "Νικολάου", Role.REGIONAL_OBSERVATORY, region="EL30"),
    DevUser("analyst", "Σοφία", "Αλεξίου", Role.MINISTRY_ANALYST),
    DevUser("admin", "Δημήτρης", "Σταύρου", Role.ADMIN),
)


def _attribute_mapper(claim: str) -> dict[str, Any]:
    return {
        "name": claim,
        "protocol": "openid-connect",
        "protocolMapper": "oidc-usermodel-attribute-mapper",
        "config": {
            "user.attribute": claim,
            "claim.name": claim,
            "jsonType.label": "String",
            "access.token.claim": "true",
            "id.token.claim": "true",
            "userinfo.token.claim": "true",
            "introspection.token.claim": "true",
        },
    }


def _mappers() -> list[dict[str, Any]]:
    audience = {
        "name": "platform audience",
        "protocol": "openid-connect",
        "protocolMapper": "oidc-audience-mapper",
        "config": {
            "included.custom.audience": AUDIENCE,
            "access.token.claim": "true",
            "id.token.claim": "false",
            "introspection.token.claim": "true",
        },
    }
    full_name = {
        "name": "full name",
        "protocol": "openid-connect",
        "protocolMapper": "oidc-full-name-mapper",
        "config": {"access.token.claim": "true", "id.token.claim": "true"},
    }
    return [audience, full_name, *(_attribute_mapper(c) for c in ("role", *SCOPE_CLAIMS))]


def _client(client_id: str, **settings: Any) -> dict[str, Any]:
    # Only the `basic` scope (subject, session): tokens carry what the platform reads, and
    # stay small enough for the workspace's session cookie.
    return {
        "clientId": client_id,
        "enabled": True,
        "protocol": "openid-connect",
        "fullScopeAllowed": False,
        "defaultClientScopes": ["basic"],
        "optionalClientScopes": [],
        "protocolMappers": _mappers(),
        **settings,
    }


def realm(*, client_secret: str) -> dict[str, Any]:
    loopback = ["http://127.0.0.1:*", "http://localhost:*"]
    return {
        "realm": REALM,
        "enabled": True,
        "displayName": "Κέντρα Κοινότητας / Community Centres",
        "internationalizationEnabled": True,
        "supportedLocales": ["el", "en"],
        "defaultLocale": "el",
        "accessTokenLifespan": 300,
        "ssoSessionIdleTimeout": 1800,
        "ssoSessionMaxLifespan": 36000,
        "bruteForceProtected": True,
        "clients": [
            _client(
                WORKSPACE_CLIENT,
                name="Χώρος εργασίας / Staff workspace",
                publicClient=False,
                secret=client_secret,
                standardFlowEnabled=True,
                directAccessGrantsEnabled=False,
                redirectUris=loopback,
                webOrigins=[],
                attributes={
                    "pkce.code.challenge.method": "S256",
                    "post.logout.redirect.uris": "##".join(loopback),
                },
            ),
            _client(
                SCRIPTS_CLIENT,
                name="Development scripts (password grant)",
                publicClient=True,
                standardFlowEnabled=False,
                directAccessGrantsEnabled=True,
            ),
        ],
    }


def user_profile() -> dict[str, Any]:
    """Keycloak's declarative user profile: the usual fields, and the platform's claims as
    attributes only an administrator sees and sets."""
    people = {"view": ["admin", "user"], "edit": ["admin", "user"]}
    admins = {"view": ["admin"], "edit": ["admin"]}
    attributes: list[dict[str, Any]] = [
        {"name": "username", "displayName": "${username}", "permissions": people,
         "validations": {"length": {"min": 3, "max": 255}}},
        {"name": "email", "displayName": "${email}", "permissions": people,
         "validations": {"email": {}, "length": {"max": 255}}},
        {"name": "firstName", "displayName": "${firstName}", "permissions": people,
         "validations": {"length": {"max": 255}}},
        {"name": "lastName", "displayName": "${lastName}", "permissions": people,
         "validations": {"length": {"max": 255}}},
        {"name": "role", "displayName": "Ρόλος / Role", "permissions": admins,
         "validations": {"options": {"options": [r.value for r in Role]}}},
    ]  # fmt: skip
    attributes += [
        {"name": claim, "displayName": claim, "permissions": admins} for claim in SCOPE_CLAIMS
    ]
    return {"attributes": attributes, "groups": []}


def users(password: str) -> dict[str, Any]:
    """The development users, for the admin API's partial import."""
    return {
        "ifResourceExists": "SKIP",
        "users": [user.representation(password) for user in DEV_USERS],
    }


def import_file() -> str:
    """The same realm as one file for Keycloak's ``--import-realm`` (docker compose): its
    user profile as the component Keycloak keeps it in, the users, and the secrets as
    placeholders that Keycloak fills from its environment when it imports the file."""
    whole = realm(client_secret="${OIDC_CLIENT_SECRET}")
    whole["components"] = {
        "org.keycloak.userprofile.UserProfileProvider": [
            {
                "providerId": "declarative-user-profile",
                "subComponents": {},
                "config": {"kc.user.profile.config": [json.dumps(user_profile())]},
            }
        ]
    }
    whole["users"] = users("${KK_DEV_USERS_PASSWORD}")["users"]
    return json.dumps(whole, ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":  # python -m devstack.realm > deploy/keycloak/realm-kk.json
    print(import_file(), end="")
