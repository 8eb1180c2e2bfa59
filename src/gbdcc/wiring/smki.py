"""The SMKI side of an instance, wired: the SMKI repository service (certificate search and retrieval,
revocation lists; DCC Boxed's API key in boxed mode) and SMKI revocation (R-PKI-1), whose lists the SMKI's
Organisation and Device CAs issue and which drops a revoked Device Certificate from the device-key cache at
once. Used by ``gbdcc up`` (the SMKI port), ``gbdcc smki`` and the tests."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI

from gbdcc.adapters.http.smki_service import BOXED_API_KEY, create_smki_app
from gbdcc.service.smki.revocation import RevocationService
from gbdcc.wiring.instance import Instance


def build_smki_app(instance: Instance) -> FastAPI:
    """The SMKI repository service (certificate search / retrieve, revocation lists); DCC Boxed's API key in
    boxed mode."""
    s = instance.settings
    return create_smki_app(instance.smki, api_key=s.smki_api_key or (BOXED_API_KEY if s.boxed else None),
                           revocation=build_revocation(instance))


def build_revocation(instance: Instance) -> RevocationService:
    """SMKI revocation (R-PKI-1): the SMKI's Organisation and Device CAs issue its lists; a revoked Device
    Certificate leaves the device-key cache at once."""
    from gbdcc.adapters.smki.crl import X509CrlCodec
    from gbdcc.domain.smki import CertificateKind, CertificateRecord

    pki = instance.identity.pki
    codec = X509CrlCodec([pki.organisation_ca, pki.device_ca])

    def forget(record: CertificateRecord) -> None:
        if record.kind is CertificateKind.DEVICE and record.subject_eui is not None:
            instance.device_keys.forget(record.subject_eui)

    return RevocationService(instance.uow_factory, instance.clock, codec,
                             validity=timedelta(days=instance.settings.crl_validity_days), on_revoked=[forget])


__all__ = ["build_revocation", "build_smki_app"]
