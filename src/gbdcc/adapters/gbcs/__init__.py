"""GBCS (GB Companion Specification) adapter: framing, cryptography, keys, decoder.

API summary (stable; the payload codec, transform and simulated devices build on it)

``header``  — grouping header (GBCS 7.2.8)
    ``CraFlag`` (COMMAND 1 / RESPONSE 2 / ALERT 3);
    ``OtherInformation(message_code, supplementary_remote_party_id=None,
    supplementary_remote_party_counter=None, supplementary_originator_counter=None,
    supplementary_remote_party_ka_certificate=None)`` with ``encode()`` / ``decode(data)``;
    ``GroupingHeader(cra_flag, originator_counter, originator: Eui64, recipient: Eui64,
    other_information, date_time: bytes | None = None)`` with ``encode() -> bytes`` (``DF`` … other-info),
    ``GroupingHeader.decode(data)``, ``decode_prefix(data, offset) -> (header, offset)``,
    ``.message_code``, ``.transaction_id``, ``.date_time_value``;
    ``encode_length(n)`` / ``decode_length(data, offset)`` (DLMS lengths),
    ``encode_dlms_datetime(dt)`` / ``decode_dlms_datetime(raw)``.
``frame``   — messages (GBCS 7.2.4 General-Ciphering, 7.2.8 General-Signing)
    ``GbcsMessage`` (kind: ``FrameKind`` MAC / SIGNED / PRECOMMAND, header, payload, raw,
    general_signing, signature, mac, security_header, ``signed_data``);
    ``decode_message(raw)``, ``split_messages(raw)``, ``decode_messages(raw)``;
    ``encode_general_signing(header, payload, signature=None)``, ``encode_precommand(header, payload)``
    (RTDS form, no signature-length byte), ``sign_precommand(precommand, private_key)``,
    ``encode_mac_command(header, payload, key, signature=None)``, ``mac_signed_precommand(signed, key)``,
    ``encode_general_ciphering(general_signing, key)``, ``verify_signed(msg, public_key)``,
    ``verify_mac(msg, key)``. ``key`` is a 16-byte AES key or a ``KeyPair`` (own KA private key,
    peer KA public key) from which the MAC key is derived with the message's header.
``crypto``  — ``ecdh``, ``kdf``, ``derive_key``, ``mac_key(pair, header)``, ``encryption_key(pair, header)``,
    ``gmac``, ``encrypt_payload`` / ``decrypt_payload(key, originator, data)``, ``sign`` / ``verify``
    (raw 64-byte r ‖ s), ``der_to_raw`` / ``raw_to_der``; errors ``InvalidMac`` (GBDCC-630),
    ``InvalidGbcsSignature`` (GBDCC-631).
``keys``    — ``KeyRing.load(dir)``: ``get / public_key / private_key / certificate(eui, usage,
    prepayment=False)``, ``by_role(role, usage)``, ``key_pair(a, b)``, ``mac_key_pairs(header)``.
``alerts``  — device alert codes and the alert payload (``AlertPayload``, ``decode_alert``).
``codes``   — ``MESSAGE_CODES``, ``ALERT_CODES``, ``message_name(code)``, ``alert_name(code)``.
``decoder`` — ``describe(raw, keyring=None) -> DecodedMessage`` (header, use case, MAC / signature
    status, encrypted blocks decrypted when keys allow, payload through ``gbdcc.adapters.gbcs.payload``
    when it has a decoder), ``describe_all(raw, keyring)`` for concatenated input.
``cli_parse`` — ``parse_command`` for ``gbdcc parse FILE|HEX [--keys DIR] [--json]``.
"""
