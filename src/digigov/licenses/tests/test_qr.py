"""The 亮证 QR text: masked holder code, round trip, foreign text refused."""

from digigov.licenses import qr

SNAPSHOT = {
    "identifier": "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U",
    "licence_name": "机动车驾驶证",
    "holder_name": "张伟",
    "holder_code": "420102199003071234",
    "issuer_name": "省公安厅",
    "issued_on": "2026-01-05",
    "valid_until": "长期",
}


def test_the_signed_text_masks_the_id_number_and_round_trips():
    text = qr.signed_text(SNAPSHOT, seal_code="420000000001")
    assert "420102199003071234" not in text.decode()
    assert "4201************34" in text.decode()
    payload = qr.decode(qr.encode(text, b"\x30\x44sig"))
    assert payload is not None
    assert payload.text == text and payload.signature == b"\x30\x44sig"
    assert payload.holder_name == "张伟" and payload.seal_code == "420000000001"


def test_text_that_is_not_ours_is_refused():
    assert qr.decode("") is None
    assert qr.decode("abc.def") is None
    assert qr.decode(qr.encode(b"XYZ1|a|b", b"sig")) is None
