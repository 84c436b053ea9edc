#!/usr/bin/env bash
# Verify a digigov licence's seal signature with openssl and coreutils alone (docs/licences.md, issue #12 item 5).
#
#   scripts/verify-licence.sh LICENCE.pdf SEAL-CERT.pem     the PDF's embedded GB/T 38540 SES_Signature
#   scripts/verify-licence.sh --qr 'P' SEAL-CERT.pem         the 亮证 QR's `p` parameter (or the whole address)
#
# The seal certificate is the one the platform publishes at /zwfw/licences/seals/<seal code>.pem.
# Exit 0 and "OK" when the signature holds over these exact bytes; exit 1 and "FAILED: …" otherwise.
set -euo pipefail

fail() { echo "FAILED: $*"; exit 1; }
[ $# -eq 2 ] || [ $# -eq 3 ] || { echo "usage: $0 FILE.pdf CERT.pem | $0 --qr P CERT.pem" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
DISTID=distid:1234567812345678  # GB/T 32918 default SM2 id; OpenSSL's CLI uses an empty id unless told

pubkey() { openssl x509 -in "$1" -pubkey -noout >"$work/pub.pem" || fail "not a certificate: $1"; }

sm2_verify() {  # data-file signature-file
  openssl pkeyutl -verify -pubin -inkey "$work/pub.pem" -rawin -digest sm3 -pkeyopt "$DISTID" \
    -in "$1" -sigfile "$2" >/dev/null 2>&1
}

b64url() {  # base64url without padding -> bytes
  local s
  s=$(printf '%s' "$1" | tr '_-' '/+')
  while [ $(( ${#s} % 4 )) -ne 0 ]; do s="$s="; done
  printf '%s' "$s" | base64 -d
}

if [ "$1" = "--qr" ]; then
  p=$2
  case "$p" in *p=*) p=${p#*p=}; p=${p%%&*} ;; esac
  pubkey "$3"
  b64url "${p%%.*}" >"$work/qr.txt" || fail "not a QR parameter"
  b64url "${p#*.}" >"$work/qr.sig" || fail "not a QR parameter"
  echo "QR text: $(cat "$work/qr.txt")"
  sm2_verify "$work/qr.txt" "$work/qr.sig" || fail "the seal's signature over the QR text does not verify"
  echo "OK: the QR text is signed by this seal"
  exit 0
fi

file=$1
pubkey "$2"

# 1. The signed ranges: /ByteRange [0 b c d] covers everything but the /Contents hex string between b and c.
range=$(grep -a -o '/ByteRange *\[[ 0-9]*\]' "$file" | tail -n 1 | tr -dc '0-9 ') || fail "no /ByteRange"
read -r a b c d <<<"$range"
size=$(wc -c <"$file")
[ "$a" = 0 ] && [ $((c + d)) -eq "$size" ] || fail "the signed ranges do not cover the whole file"
head -c "$b" "$file" >"$work/protected"
tail -c +"$((c + 1))" "$file" | head -c "$d" >>"$work/protected"

# 2. The SES_Signature: the hex between < and >, decoded, without the reserved space's zero padding.
tail -c +"$((b + 2))" "$file" | head -c "$((c - b - 2))" | tr -d ' \n\r' | tr 'a-f' 'A-F' \
  | basenc --base16 -d >"$work/contents.bin" || fail "/Contents is not hex"
# (asn1parse complains about the zeros after the first element: only its first line is read here)
first=$( (openssl asn1parse -inform DER -in "$work/contents.bin" 2>/dev/null || true) | head -n 1)
[[ "$first" == *"cons: SEQUENCE"* ]] || fail "/Contents is not DER"
hl=$(sed -E 's/.*hl= *([0-9]+).*/\1/' <<<"$first")
len=$(sed -E 's/.* l= *([0-9]+).*/\1/' <<<"$first")
head -c "$((hl + len))" "$work/contents.bin" >"$work/ses.der"

# 3. SES_Signature ::= SEQUENCE { toSign TBS_Sign, cert OCTET STRING, signatureAlgID OID, signature BIT STRING }
#    TBS_Sign ::= SEQUENCE { version, eseal SESeal, timeInfo, dataHash BIT STRING, propertyInfo, … }
openssl asn1parse -inform DER -in "$work/ses.der" >"$work/ses.txt"
tbs=$(grep -m 1 'd=1' "$work/ses.txt")                        # the first child: TBS_Sign
sig=$(grep 'd=1' "$work/ses.txt" | grep 'BIT STRING' | tail -n 1)  # the last BIT STRING child: the signature
hash=$(grep 'd=2' "$work/ses.txt" | grep -m 1 'BIT STRING')    # TBS_Sign's BIT STRING: dataHash
off() { sed -E 's/^ *([0-9]+):.*/\1/' <<<"$1"; }
hdr() { sed -E 's/.*hl= *([0-9]+).*/\1/' <<<"$1"; }
lng() { sed -E 's/.* l= *([0-9]+).*/\1/' <<<"$1"; }
[ -n "$tbs" ] && [ -n "$sig" ] && [ -n "$hash" ] || fail "not a GB/T 38540 SES_Signature"
tail -c +"$(( $(off "$tbs") + 1 ))" "$work/ses.der" | head -c "$(( $(hdr "$tbs") + $(lng "$tbs") ))" >"$work/tbs.der"
openssl asn1parse -inform DER -in "$work/ses.der" -strparse "$(off "$sig")" -noout -out "$work/sig.der" \
  || fail "the signature value is not DER"
want=$(tail -c +"$(( $(off "$hash") + $(hdr "$hash") + 2 ))" "$work/ses.der" \
  | head -c "$(( $(lng "$hash") - 1 ))" | od -An -tx1 | tr -d ' \n')

# 4. The seal's SM2 signature over DER(TBS_Sign), and SM3 of the protected bytes against dataHash.
sm2_verify "$work/tbs.der" "$work/sig.der" || fail "the seal's signature over TBS_Sign does not verify"
got=$(openssl dgst -sm3 -binary "$work/protected" | od -An -tx1 | tr -d ' \n')
echo "dataHash:          $want"
echo "SM3(signed bytes): $got"
[ "$got" = "$want" ] || fail "the file was changed after it was sealed (SM3 differs from dataHash)"
echo "OK: sealed by this seal and unchanged since"
