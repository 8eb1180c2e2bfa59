"""GBCS cryptography (GBCS 4.3.3 and 7.2): KDF, AES-128-GCM MAC / encryption, ECDSA P-256 signatures.

All primitives come from ``cryptography``; nothing is hand-rolled but the byte layouts GBCS fixes.

* Key agreement: static-static ECDH on P-256 between key-agreement keys (GBCS 4.3.3.2). Static keys give
  the same shared secret Z for every message between the same two parties, so Z is cached (issue 11), keyed
  by the two public points — key material, not party names: a replaced key is another entry, and which key
  a party has (revoked or replaced certificates left out, R-PKI-1) is decided by the caller.
* KDF (NIST SP 800-56A concatenation, one round): ``K = SHA-256(00000001 ‖ Z ‖ otherInfo)[:16]`` with
  ``otherInfo = 60857406080300 ‖ originator system title ‖ 09 ‖ transaction type ‖ counter(8) ‖
  recipient system title``; transaction type is the CRA flag (1 command, 2 response, 3 alert) for the
  message MAC, or 4 for payload encryption (DOMAIN.md §7).
* MAC: AES-128-GCM, empty plaintext, 12-byte tag, IV = originator system title ‖ invocation counter (4),
  AAD = security header (``11`` ‖ IC) ‖ ``00`` ‖ General-Signing APDU (checked against all RTDS 4.5.0
  vectors; see :mod:`gbdcc.adapters.gbcs.frame`).
* Payload encryption (GBCS "encrypted" response data): AES-128-GCM with AAD = security control byte
  ``0x31`` and the same IV form, 12-byte tag appended to the ciphertext.
* Signatures: ECDSA P-256 / SHA-256, carried as raw 64-byte r ‖ s (GBCS 7.2.8).
"""

from __future__ import annotations

import hashlib
import hmac
from enum import IntEnum

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from gbdcc.adapters.gbcs.header import GroupingHeader
from gbdcc.adapters.smki.key_cache import BoundedCache
from gbdcc.domain.errors import CryptoError
from gbdcc.domain.ids import Eui64

AES_KEY_LENGTH = 16
MAC_LENGTH = 12
SIGNATURE_LENGTH = 64
ALGORITHM_ID = bytes.fromhex("60857406080300")  # GBCS 4.3.3.2: AES-GCM-128 KDF algorithm id
SC_AUTHENTICATED = 0x11  # security control: authentication only, suite 1 (GBCS 7.2.4)
SC_ENCRYPTED = 0x31  # security control: authenticated encryption, suite 1

PrivateKey = ec.EllipticCurvePrivateKey
PublicKey = ec.EllipticCurvePublicKey
KeyPair = tuple[ec.EllipticCurvePrivateKey, ec.EllipticCurvePublicKey]
"""(own key-agreement private key, other party's key-agreement public key): ECDH is symmetric."""


class InvalidMac(CryptoError):
    """GBCS MAC / authenticated-encryption tag does not verify."""

    code = "GBDCC-630"
    default_rule = "GBCS-4.3.3"


class InvalidGbcsSignature(CryptoError):
    code = "GBDCC-631"
    default_rule = "GBCS-7.2.8"


class TransactionType(IntEnum):
    """The byte after ``09`` in the KDF otherInfo (GBCS 4.3.3.2)."""

    COMMAND = 1
    RESPONSE = 2
    ALERT = 3
    ENCRYPTION = 4


def _check_p256(key: ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey) -> None:
    if not isinstance(key.curve, ec.SECP256R1):
        raise CryptoError(f"GBCS keys are P-256, got {key.curve.name}", rule="GBCS-4.3.3")


# --- KDF ------------------------------------------------------------------------------------------


#: Z by (own public point, other public point); a private key is identified by its public point (the map
#: from scalar to point is one to one). Entries hold no key object, only bytes.
_SHARED_SECRETS: BoundedCache[tuple[bytes, bytes], bytes] = BoundedCache(100_000)
#: Public point encodings by key object identity; each entry keeps its key alive, so an id is never reused
#: by another key while its entry exists.
_POINTS: dict[int, tuple[PrivateKey | PublicKey, bytes]] = {}
_MAX_POINTS = 100_000


def _point(key: PrivateKey | PublicKey) -> bytes:
    entry = _POINTS.get(id(key))
    if entry is not None and entry[0] is key:
        return entry[1]
    public = key.public_key() if isinstance(key, ec.EllipticCurvePrivateKey) else key
    point = public.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    if len(_POINTS) >= _MAX_POINTS:
        _POINTS.clear()
    _POINTS[id(key)] = (key, point)
    return point


def ecdh(private_key: PrivateKey, public_key: PublicKey) -> bytes:
    """Shared secret Z (32 bytes) of static-static ECDH on P-256 (cached per pair of keys)."""
    _check_p256(private_key)
    _check_p256(public_key)
    return _SHARED_SECRETS.get_or_compute((_point(private_key), _point(public_key)),
                                          lambda: private_key.exchange(ec.ECDH(), public_key))


def kdf(
    shared_secret: bytes,
    originator: Eui64,
    transaction_type: int,
    counter: int,
    recipient: Eui64,
) -> bytes:
    """The 16-byte AES key: ``SHA-256(00000001 ‖ Z ‖ otherInfo)[:16]`` (GBCS 4.3.3.2)."""
    other_info = (
        ALGORITHM_ID
        + originator.to_bytes()
        + bytes([9, transaction_type])
        + counter.to_bytes(8, "big")
        + recipient.to_bytes()
    )
    return hashlib.sha256(b"\x00\x00\x00\x01" + shared_secret + other_info).digest()[:AES_KEY_LENGTH]


def derive_key(
    keys: KeyPair,
    originator: Eui64,
    transaction_type: int,
    counter: int,
    recipient: Eui64,
) -> bytes:
    """ECDH then KDF: the AES key both ends of the exchange compute."""
    return kdf(ecdh(*keys), originator, transaction_type, counter, recipient)


def mac_key(keys: KeyPair, header: GroupingHeader) -> bytes:
    """Key of a message's MAC: transaction type = CRA flag, header originator / counter / recipient."""
    return derive_key(keys, header.originator, int(header.cra_flag), header.originator_counter, header.recipient)


def encryption_key(keys: KeyPair, header: GroupingHeader) -> bytes:
    """Key of encrypted payload data (transaction type 4).

    GBCS 7.2.8.1: when other-information carries a supplementary originator counter and remote party ID
    (responses to ECS21b/GCS16b "URP"), those replace the header counter and recipient.
    """
    other = header.other_information
    counter = other.supplementary_originator_counter
    if counter is None:
        counter = header.originator_counter
    recipient = other.supplementary_remote_party_id or header.recipient
    return derive_key(keys, header.originator, TransactionType.ENCRYPTION, counter, recipient)


# --- AES-GCM --------------------------------------------------------------------------------------


def gcm_iv(originator: Eui64, invocation_counter: int = 0) -> bytes:
    """IV = originator system title ‖ invocation counter (4 bytes, 0 in GBCS)."""
    return originator.to_bytes() + invocation_counter.to_bytes(4, "big")


def _check_key(key: bytes) -> None:
    if len(key) != AES_KEY_LENGTH:
        raise CryptoError(f"AES-128 key must be 16 bytes, got {len(key)}", rule="GBCS-4.3.3")


def gmac(key: bytes, iv: bytes, aad: bytes) -> bytes:
    """AES-128-GCM tag over ``aad`` with an empty plaintext, truncated to 12 bytes."""
    _check_key(key)
    enc = Cipher(algorithms.AES(key), modes.GCM(iv)).encryptor()
    enc.authenticate_additional_data(aad)
    enc.finalize()
    return enc.tag[:MAC_LENGTH]


def gmac_matches(key: bytes, iv: bytes, aad: bytes, tag: bytes) -> bool:
    return len(tag) == MAC_LENGTH and hmac.compare_digest(gmac(key, iv, aad), tag)


def encrypt_payload(key: bytes, originator: Eui64, plaintext: bytes, invocation_counter: int = 0) -> bytes:
    """GBCS encrypted data: ciphertext ‖ 12-byte tag (AAD = ``0x31``)."""
    _check_key(key)
    ct = Cipher(algorithms.AES(key), modes.GCM(gcm_iv(originator, invocation_counter))).encryptor()
    ct.authenticate_additional_data(bytes([SC_ENCRYPTED]))
    body = ct.update(plaintext) + ct.finalize()
    return body + ct.tag[:MAC_LENGTH]


def decrypt_payload(
    key: bytes, originator: Eui64, ciphertext_and_tag: bytes, invocation_counter: int = 0
) -> bytes:
    """Inverse of :func:`encrypt_payload`; raises :class:`InvalidMac` if the tag does not verify."""
    _check_key(key)
    if len(ciphertext_and_tag) < MAC_LENGTH:
        raise InvalidMac("encrypted data shorter than its tag")
    ct, tag = ciphertext_and_tag[:-MAC_LENGTH], ciphertext_and_tag[-MAC_LENGTH:]
    dec = Cipher(
        algorithms.AES(key), modes.GCM(gcm_iv(originator, invocation_counter), tag, min_tag_length=MAC_LENGTH)
    ).decryptor()
    dec.authenticate_additional_data(bytes([SC_ENCRYPTED]))
    try:
        return dec.update(ct) + dec.finalize()
    except InvalidTag as exc:
        raise InvalidMac("encrypted payload tag does not verify") from exc


# --- ECDSA ----------------------------------------------------------------------------------------


def der_to_raw(der: bytes) -> bytes:
    """DER ECDSA-Sig-Value → 64-byte r ‖ s."""
    r, s = decode_dss_signature(der)
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def raw_to_der(raw: bytes) -> bytes:
    """64-byte r ‖ s → DER ECDSA-Sig-Value."""
    if len(raw) != SIGNATURE_LENGTH:
        raise InvalidGbcsSignature(f"a GBCS signature is 64 bytes, got {len(raw)}")
    return encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))


def sign(private_key: PrivateKey, data: bytes) -> bytes:
    """ECDSA P-256 / SHA-256 signature as raw 64-byte r ‖ s."""
    _check_p256(private_key)
    return der_to_raw(private_key.sign(data, ec.ECDSA(hashes.SHA256())))


def verify(public_key: PublicKey, data: bytes, signature: bytes) -> bool:
    """True iff ``signature`` (raw r ‖ s) is a valid ECDSA P-256 / SHA-256 signature of ``data``."""
    _check_p256(public_key)
    if len(signature) != SIGNATURE_LENGTH:
        return False
    try:
        public_key.verify(raw_to_der(signature), data, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True
