"""A seal's signatures are stored compactly (the SESeal with its picture once, on the seal) and rebuilt exactly."""

import pytest

from digigov.core.choices import Role
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.signing import api, ses
from digigov.signing.tests.factories import seal as make_seal

pytestmark = pytest.mark.django_db


def test_the_compact_form_is_small_and_rebuilds_the_identical_signature():
    organisation = OrganisationFactory()
    the_seal = make_seal(organisation)
    handler = staff(Role.HANDLER, organisation)
    sealed = api.seal_sign(
        actor=handler, seal=the_seal, data=b"licence data", purpose="test", property_info="1.2.156.3005.2.x"
    )
    compact = api.seal_signature_compact(sealed)
    assert len(compact) < 300 < len(sealed.der)
    rebuilt = api.seal_signature_expand(compact)
    assert rebuilt == sealed.der
    assert api.verify_seal_signature(rebuilt, b"licence data").ok
    assert not api.verify_seal_signature(rebuilt, b"licence datA").ok


def test_bytes_that_are_not_a_compact_form_are_refused():
    with pytest.raises(ses.SESFormatError):
        api.seal_signature_expand(b"\x30\x03\x02\x01\x01")


def test_the_compact_form_verifies_as_the_signature_it_stands_for():
    organisation = OrganisationFactory()
    the_seal = make_seal(organisation)
    handler = staff(Role.HANDLER, organisation)
    sealed = api.seal_sign(actor=handler, seal=the_seal, data=b"licence data", purpose="test", property_info="p")
    compact = api.seal_signature_compact(sealed)
    full = api.verify_seal_signature(sealed.der, b"licence data")
    fast = api.verify_compact_seal_signature(compact, b"licence data")
    assert fast.ok and fast == full  # the TBS_Sign rebuilt on the fast path is the very bytes the seal signed
    assert fast.department_id == organisation.pk
    assert not api.verify_compact_seal_signature(compact, b"licence datA").data_matches

    parts = ses.CompactSignature.load(compact)
    forged = bytearray(parts["signature"].native)
    forged[-1] ^= 1
    parts["signature"] = bytes(forged)
    altered = api.verify_compact_seal_signature(parts.dump(), b"licence data")
    assert not altered.ok and not altered.signature_valid
    assert altered.verdict == "签章无效：签名与印章不符，或签章数据已被篡改。"

    parts = ses.CompactSignature.load(compact)
    parts["sealCode"] = "NOSUCHSEAL"
    unknown = api.verify_compact_seal_signature(parts.dump(), b"licence data")
    assert not unknown.ok and unknown.verdict == "未知印章：该签章不是由本平台的电子印章制作的。"
    assert not api.verify_compact_seal_signature(b"\x30\x03\x02\x01\x01", b"licence data").ok
