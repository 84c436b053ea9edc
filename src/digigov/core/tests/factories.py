import random

import factory
from django.contrib.auth import get_user_model

from digigov.core.choices import OrganisationKind, Role
from digigov.core.codegen import make_uscc
from digigov.core.models import Division, Membership, Organisation

_rng = random.Random(42)


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Division
        django_get_or_create = ("code",)

    code = "420000"
    name = "湖北省"
    level = "province"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试厅{n}")
    kind = OrganisationKind.DEPARTMENT
    uscc = factory.LazyFunction(lambda: make_uscc(_rng, division="420000", authority="1", category="1"))
    division = factory.SubFactory(DivisionFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "测试"
    password = factory.PostGenerationMethodCall("set_password", "Test@Pass2026")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.HANDLER


def staff(role: str = Role.HANDLER, organisation: Organisation | None = None, **user_fields):
    """A user holding `role` in `organisation` (a new department if None)."""
    membership = MembershipFactory(
        role=role, organisation=organisation or OrganisationFactory(), user=UserFactory(**user_fields)
    )
    return membership.user
