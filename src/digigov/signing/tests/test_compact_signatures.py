"""A seal's signatures are stored compactly (the SESeal with its picture once, on the seal) and rebuilt exactly."""

import datetime as dt

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


def test_the_fast_reader_reads_what_asn1crypto_reads_and_rebuilds_the_signed_bytes():
    """`ses.read_compact` (asn1crypto's parser, no objects) gives the values `CompactSignature.load` gives, and
    `tbs_sign_der` / `tbs_sign_head` the very TBS_Sign bytes `build_tbs_sign` encodes field by field."""
    organisation = OrganisationFactory()
    the_seal = make_seal(organisation)
    handler = staff(Role.HANDLER, organisation)
    sealed = api.seal_sign(actor=handler, seal=the_seal, data=b"data", purpose="test", property_info="1.2.156.3005.x")
    seseal_der = ses.parse_signature(sealed.der).seseal_der
    made = ses.CompactSignature.load(api.seal_signature_compact(sealed))
    fractional = ses.CompactSignature.load(made.dump())
    fractional["timeInfo"] = dt.datetime(2026, 12, 6, 1, 5, 56, 250000, tzinfo=dt.UTC)  # a time we never write
    for parts in (made, fractional):
        read = ses.read_compact(parts.dump())
        assert read.seal_code == parts["sealCode"].native == the_seal.code
        assert read.seal_hash == parts["sealHash"].native
        assert read.signed_at == parts["timeInfo"].native
        assert read.data_hash == parts["dataHash"].native
        assert read.property_info == parts["propertyInfo"].native == "1.2.156.3005.x"
        assert read.signature == parts["signature"].native
        reference = ses.build_tbs_sign(
            seseal_der=seseal_der, signed_at=read.signed_at, data_hash=read.data_hash, property_info=read.property_info
        ).dump()
        if parts is made:
            assert ses.tbs_sign_der(seseal_der, read.tail) == reference
        assert ses.tbs_sign_head(seseal_der, len(read.tail)) + read.tail == ses.tbs_sign_der(seseal_der, read.tail)
    assert ses.read_compact(fractional.dump()).signed_at.microsecond == 250000


@pytest.mark.parametrize(
    "change",
    ["trailing byte", "a field missing", "unused bits in the signature", "an INTEGER for the seal code", "not DER"],
)
def test_the_fast_reader_refuses_what_is_not_exactly_a_compact_form(change):
    organisation = OrganisationFactory()
    sealed = api.seal_sign(
        actor=staff(Role.HANDLER, organisation), seal=make_seal(organisation), data=b"d", purpose="t"
    )
    compact = api.seal_signature_compact(sealed)
    parts = ses.CompactSignature.load(compact)
    fields = [parts[name].dump() for name, _spec, *_ in ses.CompactSignature._fields]
    if change == "trailing byte":
        bad = compact + b"\0"
    elif change == "a field missing":
        bad = ses.parser.emit(0, 1, 16, b"".join(fields[:-1]))
    elif change == "unused bits in the signature":
        signature = bytearray(fields[-1])
        signature[2] = 1  # the BIT STRING's unused-bits octet
        bad = ses.parser.emit(0, 1, 16, b"".join([*fields[:-1], bytes(signature)]))
    elif change == "an INTEGER for the seal code":
        bad = ses.parser.emit(0, 1, 16, b"".join([b"\x02\x01\x07", *fields[1:]]))
    else:
        bad = b"\xff\xff"
    with pytest.raises(ses.SESFormatError):
        ses.read_compact(bad)
    assert not api.verify_compact_seal_signature(bad, b"d").ok
