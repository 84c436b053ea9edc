from oauth2_provider.oauth2_validators import OAuth2Validator


class DigigovOIDCValidator(OAuth2Validator):
    """ID token claims for single sign-on (R0.2)."""

    oidc_claim_scope = OAuth2Validator.oidc_claim_scope | {"preferred_username": "profile", "name": "profile"}

    def get_additional_claims(self, request):
        user = request.user
        return {
            "preferred_username": user.get_username(),
            "name": user.get_full_name() or user.get_username(),
            "email": user.email,
        }
