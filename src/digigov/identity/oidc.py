from oauth2_provider.oauth2_validators import OAuth2Validator
from oauthlib.oauth2.rfc6749 import errors

from digigov.identity import selectors
from digigov.identity.choices import AccountKind


class DigigovOIDCValidator(OAuth2Validator):
    """ID token and userinfo claims for single sign-on (R0.2).

    Relying parties learn who signed in and how sure the platform is of a citizen's identity, never the raw ID
    number: a service that needs it asks the population base database through the exchange, with a grant.
    """

    oidc_claim_scope = OAuth2Validator.oidc_claim_scope | {
        "preferred_username": "profile",
        "name": "profile",
        "account_kind": "profile",
        "identity_assurance": "profile",
        "uscc": "profile",
    }

    def get_additional_claims(self, request):
        user = request.user
        claims = {
            "preferred_username": user.get_username(),
            "name": user.get_full_name() or user.get_username(),
            "email": user.email,
            "account_kind": str(AccountKind.STAFF),
        }
        citizen = selectors.citizen_profile_of(user)
        if citizen is not None:
            claims.update(name=citizen.real_name, account_kind=str(AccountKind.CITIZEN))
            claims["identity_assurance"] = citizen.assurance_level
        legal_person = selectors.legal_person_profile_of(user)
        if legal_person is not None:
            claims.update(name=legal_person.entity_name, account_kind=str(AccountKind.LEGAL_PERSON))
            claims["uscc"] = legal_person.uscc
        return claims

    def is_pkce_required(self, client_id, request):
        """PKCE is required, and only with S256 (RFC 9700 §2.1.1): a challenge sent "plain", or with no method
        (RFC 7636 reads that as plain), is refused with `invalid_request` while the authorization request is
        validated, before the person is asked anything. (The token endpoint asks too; it carries no challenge.)"""
        if request.code_challenge is not None and (request.code_challenge_method or "plain") != "S256":
            raise errors.UnsupportedCodeChallengeMethodError(
                description='Unsupported code_challenge_method; use "S256".', request=request
            )
        return super().is_pkce_required(client_id, request)
