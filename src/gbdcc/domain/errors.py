"""One error tree for gbdcc, with stable codes.

Every refusal gbdcc makes is a :class:`GbdccError`. Each subclass has a stable ``code`` (never reused,
never renamed: users grep logs and audit records for them), the DUIS ``response_code`` that fits it
(DUIS 5.4 ``sr:ResponseCode``) and — set per instance — the id of the rule that decided it
(``../shared/domain/SEC-RULES.md`` ids such as ``R-USER-1``, or a DUIS section such as ``DUIS-3.2.2``)
and a human-readable reason. Errors carry no transport detail: the HTTP adapter maps them to a status
(a DUIS Response always travels with HTTP 200, as DCC Boxed answers; only input that yields no DUIS
Response gets 400 / 413), and adapters translate their own failures into this tree at their edge.

Codes whose DUIS response code is not stated in our sources (the signed Pre-Command refusals below use
E1, the code of other authentication failures) are marked "(code unverified)". So are the DCC-schedule
(5.1-5.3) and Return Local Command Response (8.13) refusals: the XSD has SRV-specific codes for them
(E050101-E050112, E050201/E050202/W050201, E050301/E050302/W050301, E081301-E081303) whose meanings are
not in our sources, so gbdcc answers E1 and names the refusal by its GBDCC code and reason.

Stable codes
============
GBDCC-000  GbdccError                  base (not raised directly)
GBDCC-001  InternalError               last resort: an unexpected failure, refused and audited (never a 5xx)
GBDCC-100  InvalidIdentifier           malformed EUI-64 / RequestID / MPAN / MPRN
GBDCC-110  RoleConflict                (domain.parties) User ID shared across roles R-USER-2 keeps apart
GBDCC-120  UnknownEvent                (domain.events) outbox row of an event type this version does not know
GBDCC-130  ClientError                 (adapters.duis.client) the DCC could not be reached or answered off-DUIS
GBDCC-140  JourneyFailed               (adapters.duis.journeys) a scripted journey step did not get the answer it needs
GBDCC-150  ListenFailed                (adapters.http.background) a port to serve on cannot be bound
GBDCC-160  UserAlreadyRegistered       (adapters.provisioning) `users add` of a User ID in a role it holds, no --replace
GBDCC-170  (cli) invalid value           a command-line value the command refuses (`--role XX`, a missing file)
GBDCC-180  TlsConfigInvalid            (cli) `up --tls-*`: a missing or unusable certificate, key or client CA
GBDCC-200  MalformedRequest            XML not well formed, or not a DUIS request
GBDCC-201  HostileXml                  DTD, entity declaration or processing trick in the XML
GBDCC-202  RequestTooLarge             body over the size limit
GBDCC-203  SchemaInvalid               fails the DUIS XML Schema
GBDCC-204  HeaderInvalid               header inconsistent with the SRV catalogue
GBDCC-210  UnknownServiceReference     SRV not in the catalogue
GBDCC-220  WrongWebService             request posted to the wrong web service for its CV (E13)
GBDCC-221  InvalidCommandVariant       CV not allowed for the SRV (E12)
GBDCC-300  AuthenticationFailed        signature missing, malformed or not verifying
GBDCC-301  ReplayedCounter             RequestID counter not strictly increasing
GBDCC-302  UnknownUser                 originator is not a registered User (E1)
GBDCC-303  UserNotActive               User not yet (or no longer) a User in the role (E3)
GBDCC-304  CertificateInvalid          signing certificate unknown, expired, wrong usage
GBDCC-400  RoleNotEligible             role not eligible for the SRV (E2)
GBDCC-401  NotAuthorisedForDevice      registration data says no (E4)
GBDCC-402  DeviceStatusIncompatible    SMI status does not allow it (E5)
GBDCC-403  DeviceTypeIncompatible      SRV incompatible with the device type (E11)
GBDCC-404  DeviceUnknown               device not in the SMI (E19)
GBDCC-405  InvalidStatusTransition     SMI status change not allowed
GBDCC-406  DeviceAlreadyExists         device already in the SMI
GBDCC-407  NoDeviceSecurityCredentials Device Security Credentials not populated (R-SMI-3)
GBDCC-408  InvalidRequestTransition    Service Request lifecycle step not allowed (domain.requests)
GBDCC-409  DuplicateServiceRequest     a Service Request with that RequestID is already stored (replay)
GBDCC-450  DeviceUnreachable           the DCC cannot communicate with the device (E20)
GBDCC-451  DeviceNoResponse            no response from the device in time (E21)
GBDCC-452  FutureDatedTimeout          a future-dated command was not actioned in time (E30)
GBDCC-460  SignedPreCommandInvalid     CV5: signature or correlation with the Pre-Command fails (code unverified)
GBDCC-461  PreCommandMismatch          CV5: the signed Pre-Command differs from the one the DCC issued
GBDCC-462  NoOutstandingPreCommand     CV5 without an outstanding Pre-Command for its RequestID
GBDCC-470  LocalDeliveryUnavailable    request or signed Pre-Command not available for local delivery (E17)
GBDCC-471  CosCertificatesRefused      6.23: the CoS Party refuses the replacement certificates (E062301, unverified)
GBDCC-472  CosPartyNotTrusted          a CoS Party asked to sign for a device whose CoS cell names another (R-COS-2)
GBDCC-473  CosMigrationRefused         a device cannot join the ECoS migration campaign (not ESME / GSME, not TCoS…)
GBDCC-474  CosMigrationFailed          the device did not confirm its CoS certificate replacement (R-COS-2)
GBDCC-480  ScheduleRefused             5.1: the schedule cannot be made (not DCC-schedulable, no run…) (code unverified)
GBDCC-481  ScheduleUnknown             5.2 / 5.3: no active DCC schedule with that DSPScheduleID (code unverified)
GBDCC-482  ScheduleNotOwned            5.2 / 5.3: the schedule is another User's (code unverified)
GBDCC-483  LocalResponseUnmatched      8.13: no request returned for local delivery matches it (code unverified)
GBDCC-484  LocalResponseWrongDevice    8.13: not from the request's device / for its command (code unverified)
GBDCC-485  LocalResponseNotAuthentic   8.13: the response's signature or MAC does not verify (code unverified)
GBDCC-486  LocalResponseAlreadyReturned 8.13: the response of that request was already returned (code unverified)
GBDCC-500  NotImplementedService       SRV recognised but not yet implemented by gbdcc
GBDCC-510  HubLogisticsRefused         (domain.hubs) base of the Communications Hub logistics refusals (SEC F5-F7)
GBDCC-511  SimRegionRefused            (domain.hubs) Special Installation Mesh hubs only for South / Central (R-CH-1)
GBDCC-512  SiteVisitRefused            (domain.hubs) the SIM site visit asked cannot be booked (R-CH-1)
GBDCC-513  HubOrderTooLate             (domain.hubs) Delivery Date / forecast month too soon or past (SEC F5)
GBDCC-514  HubOrderQuantityInvalid     (domain.hubs) order / forecast quantity out of range (SEC F5)
GBDCC-515  HubOrderUnknown             (service.hubs) no hub order, or no delivered hub, with that id
GBDCC-516  HubOrderStateRefused        (domain.hubs) step out of order: deliver a closed order, return twice
GBDCC-517  NotATestHub                 (service.hubs) HAN trace asked of a hub not instrumented for test (R-TEST-1)
GBDCC-520  NepRefused                  (domain.nep) base of the Network Enhancement Plan refusals (R-WAN-2)
GBDCC-521  NepRegionRefused            (domain.nep) a plan outside South / Central, or an area in another region
GBDCC-522  NepAreaInvalid              (domain.nep) a plan's area or cohort empty, malformed or off its area
GBDCC-523  NepUnknown                  (service.coverage) no Network Enhancement Plan with that id
GBDCC-524  NepExists                   (service.coverage) a plan id taken, or cohort premises already under a plan
GBDCC-525  NepCompletionRefused        (domain.nep) a plan completed twice or before its creation
GBDCC-550  PortalRefused               Self-Service Interface refusal (base, R-OPS-2)
GBDCC-551  SignInRefused               portal sign-in: unknown User ID or wrong password (one message for both)
GBDCC-552  AccountLocked               portal account locked after repeated failed sign-ins, until a time
GBDCC-553  SessionInvalid              portal session cookie missing, unknown or expired
GBDCC-554  CsrfRefused                 portal POST without the session's CSRF token
GBDCC-555  NotDelegated                another User's information without an active delegation from it (R-OPS-2)
GBDCC-556  PortalAccountInvalid        portal account: not a registered User, already exists, unknown, weak password
GBDCC-557  DelegationInvalid           delegation to oneself, to an unknown User, without scope, or not the grantor's
GBDCC-530  IncidentRefused             (domain.incidents) base of the Incident Management refusals (R-INC-1)
GBDCC-531  IncidentInvalid             (domain.incidents) an incident that cannot be: category not 1-5, no title, source
GBDCC-532  IncidentTransitionRefused   (domain.incidents) a lifecycle step not allowed (e.g. close an open incident)
GBDCC-533  IncidentUnknown             (service.incidents) no incident with that id
GBDCC-534  IncidentSettingsInvalid     (domain.incidents) a target resolution time / outage size setting off
GBDCC-535  SupportRequestInvalid       (domain.incidents.support) a support request refused: topic, date, effort
GBDCC-536  SupportRequestUnknown       (service.incidents) no Additional Support request with that id (R-SUPPORT-1)
GBDCC-537  SupportStepRefused          (domain.incidents.support) a support request resolved twice (R-SUPPORT-1)
GBDCC-538  ErrorCodeUnknown            (domain.incidents.help) no Error Handling Strategy page: not a GBDCC code
GBDCC-540  OperationsRefused           (domain.operations) base of the DR and release-management refusals
GBDCC-541  ReleaseNoticeInvalid        (domain.operations) a release notice without title, consultation or test window
GBDCC-542  BackupFailed                (adapters.dr) a DR backup / restore could not be made or read (R-DR-1)
GBDCC-543  DrillFailed                 (adapters.dr) a DR drill could not run: primary or restored instance down
GBDCC-544  DrTargetsInvalid            (domain.operations) a recovery time / point objective that cannot be (R-DR-1)
GBDCC-545  PerformanceTargetsInvalid   (domain.operations) an H13 target naming no measure, or not positive
GBDCC-570  AdminRequestRefused         (adapters.http admin) an admin API request refused (base)
GBDCC-571  AdminNotFound               (adapters.http admin) no such User, RDP, estate job or failed message
GBDCC-572  AdminInvalid                (adapters.http admin) an admin request body or parameter is invalid
GBDCC-573  EstateJobBusy               (adapters.http admin) an estate generation job is already running
GBDCC-600  CryptoError                 key, certificate or MAC/signature problem in SMKI / GBCS
GBDCC-610  CertificateMalformed        (adapters.smki) not an X.509 certificate of the SMKI profile
GBDCC-611  KeyStoreError               (adapters.smki) private key missing, undecryptable or off-profile
GBDCC-612  IssuanceRefused             (adapters.smki) certificate request breaking the SMKI profile
GBDCC-630  InvalidMac                  (adapters.gbcs) GBCS MAC does not verify
GBDCC-631  InvalidGbcsSignature        (adapters.gbcs) GBCS ECDSA signature does not verify
GBDCC-650  RegistrationDataError       (domain.rdp) Registration Data from an RDP refused (base)
GBDCC-651  RdpLineInvalid              (domain.rdp) a line of a Registration Data file breaks the format
GBDCC-652  RdpFileInvalid              (domain.rdp) header / trailer missing or misplaced, count or checksum off
GBDCC-653  UnknownRdp                  (domain.rdp) the file names an RDP ID the DCC does not know (R-USER-2)
GBDCC-654  RdpConflict                 (domain.rdp) RDP ID taken, or the RDP already has another RDP ID (R-USER-2)
GBDCC-655  FileOutOfSequence           (domain.rdp) a repeated or out-of-sequence Registration Data file
GBDCC-656  WrongFuel                   (domain.rdp) a record of the other fuel than the RDP's
GBDCC-657  MpxnHeldByOtherRdp          (domain.rdp) the metering point is another RDP's
GBDCC-658  FileRejected                (domain.rdp) the file was refused whole; its response names each bad line
GBDCC-659  ConcurrentChange            (domain.rdp) Registration Data the file's plan read changed before it applied
GBDCC-660  RdpFileUnreadable           (adapters.rdp) a Registration Data file that is not UTF-8 text or too large
GBDCC-700  GbcsError                   GBCS message cannot be built or parsed
GBDCC-710  PayloadError                (adapters.gbcs.payload) payload cannot be encoded / decoded
GBDCC-720  UnsupportedUseCase          (adapters.gbcs.transform) no GBCS use case for this request
GBDCC-800  WanError                    (adapters.wan) simulated SM WAN failure: a DeviceUnreachable (E20)
GBDCC-801  NoCoverage                  (adapters.wan) premises without SM WAN coverage (E20)
GBDCC-802  CspOutage                   (adapters.wan) CSP region outage (E20)
GBDCC-803  HubNotConnected             (adapters.wan) Communications Hub not connected (E20)
GBDCC-804  NoResponse                  (adapters.wan) no response from the device: a DeviceNoResponse (E21)
GBDCC-810  DeviceRefusal               (adapters.wan) simulated device refused a GBCS command
GBDCC-820  ScenarioError               (adapters.wan.scenario) base of scenario failures
GBDCC-821  ScenarioInvalid             (adapters.wan.scenario) scenario file invalid: the event and field named
GBDCC-822  ScenarioUnknown             (adapters.wan.scenario) no scenario with that id on this instance
GBDCC-823  AdminRefused                (adapters.wan.scenario) admin endpoint: no or wrong bearer token, not loopback
GBDCC-830  PartyProfileInvalid         (domain.compliance) a market-party profile that cannot be: type, size, licences
GBDCC-831  PartyUnknown                (service.compliance) no market-party profile of that name
GBDCC-832  PartyMemberTaken            (service.compliance) a User ID already belongs to another Party's profile
GBDCC-840  ConsentRequired             no Unambiguous Consent on record for premises and purpose (E4, code unverified)
GBDCC-841  ThirdPartyNoticeMissing     Type 2 join before the consumer was told of third parties (E4, code unverified)
GBDCC-842  ConsentRecordInvalid        (domain.compliance.consent) a consent record or compromise declaration refused
GBDCC-843  ConsentUnknown              (service.compliance) no consent record / compromise declaration with that id
GBDCC-850  CplError                    (domain.cpl) the Certified Products List cannot be used (base; R-PKI-2)
GBDCC-851  CplSignatureInvalid         signed CPL: signature, IKI chain, key usage or signer does not verify (R-PKI-2)
GBDCC-852  CplMalformed                (domain.cpl) a CPL file or document off the format, naming the field (R-PKI-2)
GBDCC-853  CplReleaseNotes             (domain.cpl) a CPL input carrying Manufacturer Release Notes is refused (R-SEC-3)
GBDCC-854  CplVersionStale             a CPL whose version is not above the one in force (R-PKI-2)
GBDCC-855  DeviceNotCertified          8.1.1: device model / firmware not on the CPL in force (E5, code unverified)
GBDCC-856  FirmwareNotCertified        11.1: firmware image hash not on the CPL in force (E110101, code unverified)
GBDCC-857  IkiUnavailable              (adapters.smki.iki) IKI root or SECCo's file-signing key missing or inconsistent
GBDCC-860  CertificateRevoked          a verified revocation list names the certificate: refused at once (E1, R-PKI-1)
GBDCC-861  RevocationListInvalid       a CRL not verifying with its CA in the SMKI repository, malformed or stale
GBDCC-862  RevocationListNotHeld       an IKI / ICA (not Organisation or Device CA) list: not in the SMKI Repository
GBDCC-863  RevocationRefused           a certificate the SMKI cannot revoke (unknown, a CA, issuer key not held)
GBDCC-864  RevocationListUnknown       the SMKI repository holds no revocation list of that issuer
GBDCC-870  QuarantineRefused           (service.anomaly) a quarantine list / release cannot be done (base)
GBDCC-871  QuarantinedRequestUnknown   (service.anomaly) no quarantined request with that RequestID
GBDCC-872  QuarantinedRequestNotOwned  (service.anomaly) the quarantined request is another User's
GBDCC-873  AnomalySettingsInvalid      (domain.anomaly) an anomaly-detection setting names no class / a bad limit
GBDCC-880  SecurityRefused             (domain.security) base of the security register refusals (R-SEC-1, R-SEC-2)
GBDCC-881  NotTestedBeforeIssue        (domain.security) token / signing software not tested before issue (R-SEC-2)
GBDCC-882  TokenNotFipsLevel3          (domain.security) a Credential Token below FIPS 140-2 Level 3 (R-SEC-2)
GBDCC-883  SecurityRecordUnknown       (service.security) no token, software release or dispute with that id
GBDCC-884  SecurityRecordExists        (service.security) a token or release with that id is already registered
GBDCC-885  DisputeOutOfScope           (domain.security) a security dispute is about compliance with G3-G6 (R-SEC-1)
GBDCC-886  DisputeStepRefused          (domain.security) dispute step out of order, e.g. early appeal (R-SEC-1)
GBDCC-887  FileSignatureInvalid        (client.file_signing) a detached file signature does not verify (R-SEC-2)
GBDCC-888  UtrnRefused                 (client.utrn) a UTRN cannot be made: value, counter or key wrong (R-SEC-4)
GBDCC-890  ReportUnknown               (service.compliance) no compliance report of that name
GBDCC-580  BrokerUnavailable           (adapters.messaging) scaled mode: the NATS JetStream server is not reachable
GBDCC-581  ScaledModeInvalid           (cli up) scaled mode: an unknown role, or a role that needs what is not given
GBDCC-900  StorageError                (adapters.db) storage failure (base)
GBDCC-901  NaiveDatetime               (adapters.db) a datetime without a timezone reached storage
GBDCC-902  NotStored                   (adapters.db) a record to update (outbound message, outbox entry) is not stored
GBDCC-903  CounterExhausted            (adapters.db) a DCC originator counter reached 2^64 - 1 for its pair (GBCS 4.3.1)
GBDCC-904  DatabaseMismatch            (adapters.db) the data dir is served from another database than configured
GBDCC-905  DataDirInUse                (adapters.db) another `gbdcc up` already serves the data dir (lock file)
"""

from __future__ import annotations

from typing import ClassVar


class GbdccError(Exception):
    """Base of every gbdcc refusal. ``rule`` names the SEC rule or DUIS section that decided it."""

    code: ClassVar[str] = "GBDCC-000"
    response_code: ClassVar[str] = "E1"
    default_rule: ClassVar[str] = "DUIS"

    def __init__(self, reason: str, *, rule: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.rule = rule or self.default_rule

    def __str__(self) -> str:
        return f"{self.code} [{self.rule}] {self.reason}"


class InternalError(GbdccError):
    """The last-resort refusal: something unexpected failed while handling an input; nothing was acted on."""

    code = "GBDCC-001"
    default_rule = "GBDCC-INTERNAL"


class InvalidIdentifier(GbdccError, ValueError):
    code = "GBDCC-100"
    default_rule = "DUIS-IDENTIFIERS"


class MalformedRequest(GbdccError):
    code = "GBDCC-200"
    default_rule = "DUIS-3.2.1"


class HostileXml(MalformedRequest):
    code = "GBDCC-201"


class RequestTooLarge(MalformedRequest):
    code = "GBDCC-202"


class SchemaInvalid(MalformedRequest):
    code = "GBDCC-203"


class HeaderInvalid(MalformedRequest):
    code = "GBDCC-204"


class UnknownServiceReference(MalformedRequest):
    code = "GBDCC-210"


class WrongWebService(GbdccError):
    code = "GBDCC-220"
    response_code = "E13"
    default_rule = "DUIS-3.4"


class InvalidCommandVariant(GbdccError):
    code = "GBDCC-221"
    response_code = "E12"
    default_rule = "DUIS-3.4"


class AuthenticationFailed(GbdccError):
    code = "GBDCC-300"
    response_code = "E1"
    default_rule = "DUIS-3.2.2"


class ReplayedCounter(AuthenticationFailed):
    code = "GBDCC-301"
    default_rule = "DUIS-3.2.3"


class UnknownUser(GbdccError):
    code = "GBDCC-302"
    response_code = "E1"
    default_rule = "R-USER-1"


class UserNotActive(GbdccError):
    code = "GBDCC-303"
    response_code = "E3"
    default_rule = "R-USER-1"


class CertificateInvalid(AuthenticationFailed):
    code = "GBDCC-304"
    default_rule = "DUIS-3.2.2"


class AccessDenied(GbdccError):
    """Base of access-control refusals (SEC H3, R-SR-1); the DUIS request was well formed."""



class RoleNotEligible(AccessDenied):
    code = "GBDCC-400"
    response_code = "E2"
    default_rule = "R-SR-1"


class NotAuthorisedForDevice(AccessDenied):
    code = "GBDCC-401"
    response_code = "E4"
    default_rule = "R-SR-1"


class DeviceStatusIncompatible(AccessDenied):
    code = "GBDCC-402"
    response_code = "E5"
    default_rule = "R-SMI-3"


class DeviceTypeIncompatible(AccessDenied):
    code = "GBDCC-403"
    response_code = "E11"
    default_rule = "R-SR-1"


class DeviceUnknown(AccessDenied):
    code = "GBDCC-404"
    response_code = "E19"
    default_rule = "R-SR-1"


class InvalidStatusTransition(AccessDenied):
    code = "GBDCC-405"
    response_code = "E5"
    default_rule = "SMI-STATUS"


class DeviceAlreadyExists(AccessDenied):
    code = "GBDCC-406"
    response_code = "E5"
    default_rule = "SMI-STATUS"


class NoDeviceSecurityCredentials(AccessDenied):
    """R-SMI-3: commands to a Smart Meter, GPF or Type 1 Device need its Device Security Credentials."""

    code = "GBDCC-407"
    response_code = "E5"
    default_rule = "R-SMI-3"


class InvalidRequestTransition(GbdccError):
    """A Service Request lifecycle step the transition table does not allow (``domain.requests``)."""

    code = "GBDCC-408"
    default_rule = "DUIS-LIFECYCLE"


class DuplicateServiceRequest(AuthenticationFailed):
    """A Service Request with this RequestID is already stored: a replay (DUIS 3.2.3)."""

    code = "GBDCC-409"
    default_rule = "DUIS-3.2.3"


class DeviceUnreachable(GbdccError):
    """E20: the DCC Systems cannot establish communications with the device (DUIS response codes)."""

    code = "GBDCC-450"
    response_code = "E20"
    default_rule = "DUIS-E20"


class DeviceNoResponse(GbdccError):
    """E21: no response received from the device for an on-demand or future-dated command."""

    code = "GBDCC-451"
    response_code = "E21"
    default_rule = "DUIS-E21"


class FutureDatedTimeout(GbdccError):
    """E30: a future-dated command was not actioned (no 0x8F66 / 0x8F67) in time."""

    code = "GBDCC-452"
    response_code = "E30"
    default_rule = "DUIS-E30"


class SignedPreCommandInvalid(GbdccError):
    """CV5: the User's GBCS signature does not verify with its SMKI digital-signing certificate, or the
    signed Pre-Command cannot be read (DUIS 3.5, critical flow). Response code unverified (E1)."""

    code = "GBDCC-460"
    default_rule = "DUIS-CORRELATE"


class PreCommandMismatch(SignedPreCommandInvalid):
    """CV5: the signed Pre-Command is not byte for byte the Pre-Command the DCC transformed for that
    RequestID (up to the signature); nothing is sent."""

    code = "GBDCC-461"


class NoOutstandingPreCommand(SignedPreCommandInvalid):
    """CV5 with no outstanding Pre-Command for its RequestID: never issued, already spent, or expired."""

    code = "GBDCC-462"


class LocalDeliveryUnavailable(AccessDenied):
    """E17: Service Request or signed Pre-Command not available for local delivery."""

    code = "GBDCC-470"
    response_code = "E17"
    default_rule = "DUIS-LOCAL"


class CosCertificatesRefused(AccessDenied):
    """6.23: the replacement certificates are not the Supplier Organisation Certificates a CoS Party may
    place on a device (R-COS-1). DUIS lists 6.23-specific codes E062301–E062306 whose meanings our
    sources do not give: gbdcc answers E062301 (code unverified)."""

    code = "GBDCC-471"
    response_code = "E062301"
    default_rule = "R-COS-1"


class CosPartyNotTrusted(AccessDenied):
    """A CoS Party asked to sign a credential change for a device whose Transitional CoS trust-anchor cell
    (as the SMI records it) names another party — or a null certificate (R-COS-2: TCoS and ECoS side by
    side; the party checks the routing for itself). E062301 like the other CoS Party refusals (unverified)."""

    code = "GBDCC-472"
    response_code = "E062301"
    default_rule = "R-COS-2"


class CosMigrationRefused(GbdccError):
    """The ECoS migration campaign cannot take the device: not in the SMI, not a meter with a Transitional
    CoS cell (ESME / GSME), or its cell no longer holds the TCoS certificate (R-COS-2). Never a DUIS answer."""

    code = "GBDCC-473"
    default_rule = "R-COS-2"


class CosMigrationFailed(GbdccError):
    """The device did not confirm its CoS certificate replacement (CS02b transCoSByTransCoS): it refused a
    replacement, or did not answer within the attempts allowed; its cell stays TCoS (R-COS-2)."""

    code = "GBDCC-474"
    default_rule = "R-COS-2"


class ScheduleRefused(GbdccError):
    """5.1 Create Schedule: the SRV is not DCC-schedulable, the body does not fit it, or the schedule has no
    run between its start and end dates (DUIS 3.8.5; response code unverified)."""

    code = "GBDCC-480"
    default_rule = "DUIS-5.1"


class ScheduleUnknown(GbdccError):
    """5.2 / 5.3: no active DCC schedule has that DSPScheduleID (response code unverified)."""

    code = "GBDCC-481"
    default_rule = "DUIS-5.2"


class ScheduleNotOwned(GbdccError):
    """5.2 / 5.3: only the User that created a schedule may read or delete it (response code unverified)."""

    code = "GBDCC-482"
    default_rule = "DUIS-5.2"


class LocalResponseUnmatched(GbdccError):
    """8.13 Return Local Command Response: no request of this User returned for local delivery (CV2 / CV6)
    matches the device's response (DUIS 3.8.13; response code unverified). Base of the 8.13 refusals."""

    code = "GBDCC-483"
    default_rule = "DUIS-8.13"


class LocalResponseWrongDevice(LocalResponseUnmatched):
    """8.13: the response comes from another device than the request's, or answers another command."""

    code = "GBDCC-484"


class LocalResponseNotAuthentic(LocalResponseUnmatched):
    """8.13: the response's device signature or MAC (where the DCC can check it) does not verify."""

    code = "GBDCC-485"


class LocalResponseAlreadyReturned(LocalResponseUnmatched):
    """8.13: the request's response was already returned (or the request is no longer awaiting one)."""

    code = "GBDCC-486"


class NotImplementedService(GbdccError):
    code = "GBDCC-500"
    response_code = "E12"
    default_rule = "GBDCC-SCOPE"


class CryptoError(GbdccError):
    code = "GBDCC-600"
    default_rule = "SMKI"


class GbcsError(GbdccError):
    code = "GBDCC-700"
    default_rule = "GBCS"


class ReportUnknown(GbdccError):
    """No compliance report of that name (``gbdcc report``, ``/admin/v1/reports``)."""

    code = "GBDCC-890"
    default_rule = "GBDCC-REPORT"


class UserAlreadyRegistered(GbdccError):
    """``gbdcc users add`` for a User ID that already holds the role (its keys would be replaced)."""

    code = "GBDCC-160"
    default_rule = "R-USER-2"


class TlsConfigInvalid(GbdccError):
    """``gbdcc up --tls-cert/--tls-key/--tls-client-ca``: a file missing, or not a usable certificate / key."""

    code = "GBDCC-180"
    default_rule = "TLS"


class PartyProfileInvalid(GbdccError, ValueError):
    """A market-party profile that cannot be (R-MANDATE-1): a supplier without a licence, negative size, …"""

    code = "GBDCC-830"
    default_rule = "R-MANDATE-1"


class PartyUnknown(GbdccError):
    """No market-party profile of that name (``gbdcc parties``, ``/admin/v1/parties``)."""

    code = "GBDCC-831"
    default_rule = "R-MANDATE-1"


class PartyMemberTaken(GbdccError):
    """A User ID is one Party's: it cannot be listed in another Party's profile too."""

    code = "GBDCC-832"
    default_rule = "R-MANDATE-1"


class ConsentRequired(AccessDenied):
    """R-CONSENT-1 (SEC I1): a join / unjoin of a Type 2 Device, or an Other User's consumption-data request,
    without the User's Unambiguous Consent on record for the premises and purpose. DUIS has no consent code
    in our sources: E4, the User not authorised for the device now (code unverified)."""

    code = "GBDCC-840"
    response_code = "E4"
    default_rule = "R-CONSENT-1"


class ThirdPartyNoticeMissing(AccessDenied):
    """R-CONSENT-2: a Type 2 join (other than a supplier's IHD under its licence) before the consumer was told
    that third parties may gain access to their data. E4 (code unverified)."""

    code = "GBDCC-841"
    response_code = "E4"
    default_rule = "R-CONSENT-2"


class ConsentRecordInvalid(GbdccError):
    """A consent record or compromise declaration that cannot be stored as given (no purpose, unknown User,
    withdrawn twice or before it was given…). Never a DUIS answer."""

    code = "GBDCC-842"
    default_rule = "R-CONSENT-1"


class ConsentUnknown(GbdccError):
    """No consent record or compromise declaration with that id."""

    code = "GBDCC-843"
    default_rule = "R-CONSENT-1"


class CplError(GbdccError):
    """Base of Certified Products List refusals (R-PKI-2: SECCo signs the CPL with its IKI certificate)."""

    code = "GBDCC-850"
    default_rule = "R-PKI-2"


class CplSignatureInvalid(CplError):
    """A signed CPL that does not verify: signature, chain to the IKI root the DCC holds, key usage, signer."""

    code = "GBDCC-851"


class CplMalformed(CplError):
    code = "GBDCC-852"


class CplReleaseNotes(CplError):
    """R-SEC-3: Manufacturer Release Notes are not published on the CPL; an input carrying them is refused."""

    code = "GBDCC-853"
    default_rule = "R-SEC-3"


class CplVersionStale(CplError):
    code = "GBDCC-854"


class DeviceNotCertified(AccessDenied):
    """8.1.1 Commission Device for a device whose model / firmware is not on the CPL in force (R-PKI-2).
    DUIS has no 8.1-specific code in our sources: E5 (the device's SMI record does not allow it), unverified."""

    code = "GBDCC-855"
    response_code = "E5"
    default_rule = "R-PKI-2"


class FirmwareNotCertified(AccessDenied):
    """11.1 Update Firmware with an image whose SHA-256 is not on the CPL in force (R-PKI-2). E110101 is an
    11.1-specific code of the DUIS XSD whose meaning is not in our sources (code unverified)."""

    code = "GBDCC-856"
    response_code = "E110101"
    default_rule = "R-PKI-2"


class IkiUnavailable(CryptoError):
    code = "GBDCC-857"
    default_rule = "R-PKI-2"
# --- SMKI revocation (R-PKI-1; SEC L12.3, L13.49) -------------------------------------------------------


class CertificateRevoked(CertificateInvalid):
    """The signing certificate is on a verified revocation list: its requests are refused at once (E1)."""

    code = "GBDCC-860"
    default_rule = "R-PKI-1"


class RevocationListInvalid(CryptoError):
    """A revocation list that is not used: unreadable, not signed by its issuing CA in the SMKI repository
    (a single altered byte), out of date or older than the one held."""

    code = "GBDCC-861"
    default_rule = "R-PKI-1"


class RevocationListNotHeld(CryptoError):
    """IKI and ICA revocation lists are not held in the SMKI Repository (only the DCC relies on them)."""

    code = "GBDCC-862"
    default_rule = "R-PKI-1"


class RevocationRefused(CryptoError):
    """``gbdcc smki revoke``: the certificate is not in the SMKI repository, is a CA certificate, or the
    DCC does not hold the key of the CA that issued it (import that CA's list instead)."""

    code = "GBDCC-863"
    default_rule = "R-PKI-1"


class RevocationListUnknown(CryptoError):
    """No revocation list of that issuer in the SMKI repository."""

    code = "GBDCC-864"
    default_rule = "R-PKI-1"


class QuarantineRefused(GbdccError):
    """A quarantined request cannot be listed or released as asked (SEC G6 anomaly detection)."""

    code = "GBDCC-870"
    default_rule = "SEC-G6"


class QuarantinedRequestUnknown(QuarantineRefused):
    """No request with that RequestID is in quarantine (never quarantined, or already released)."""

    code = "GBDCC-871"


class QuarantinedRequestNotOwned(QuarantineRefused):
    """The quarantined request is another User's: a User releases only its own."""

    code = "GBDCC-872"


class AnomalySettingsInvalid(GbdccError, ValueError):
    """An anomaly-detection setting names an unknown SRV class, or a negative limit / window."""

    code = "GBDCC-873"
    default_rule = "SEC-G6"


class SecurityRefused(GbdccError):
    """Base of the security register refusals: tokens, File Signing Software, notices, disputes (SEC G)."""

    code = "GBDCC-880"
    default_rule = "R-SEC-2"


class NotTestedBeforeIssue(SecurityRefused):
    """A Cryptographic Credential Token or File Signing Software release issued before it was tested (and, for
    the software, code-reviewed) (G2.36-G2.42, R-SEC-2)."""

    code = "GBDCC-881"


class TokenNotFipsLevel3(SecurityRefused):
    """A Cryptographic Credential Token that is not validated to FIPS 140-2 Level 3 (R-SEC-2)."""

    code = "GBDCC-882"


class SecurityRecordUnknown(SecurityRefused):
    """No token, File Signing Software release or security dispute with that id."""

    code = "GBDCC-883"


class SecurityRecordExists(SecurityRefused):
    """A token or File Signing Software release with that id is already in the register."""

    code = "GBDCC-884"


class DisputeOutOfScope(SecurityRefused):
    """The Panel decides disputes about whether a User complied with Sections G3-G6 (G1.8, R-SEC-1)."""

    code = "GBDCC-885"
    default_rule = "R-SEC-1"


class DisputeStepRefused(SecurityRefused):
    """A security dispute step out of order: decided twice, appealed before (or twice after) the Panel's
    decision, referred to arbitration twice (G1.8, G1.9, R-SEC-1)."""

    code = "GBDCC-886"
    default_rule = "R-SEC-1"


class FileSignatureInvalid(SecurityRefused):
    """A detached signature made by the File Signing Software does not verify for that file and key (R-SEC-2)."""

    code = "GBDCC-887"


class UtrnRefused(SecurityRefused):
    """A UTRN cannot be made: value, counter or prepayment top-up key wrong (GBCS 14, R-SEC-4)."""

    code = "GBDCC-888"
    default_rule = "R-SEC-4"


class HubLogisticsRefused(GbdccError):
    """Base of the Communications Hub logistics refusals: forecasts, orders, deliveries, returns (SEC F5-F7)."""

    code = "GBDCC-510"
    default_rule = "SEC-F5"


class SimRegionRefused(HubLogisticsRefused):
    """Special Installation Mesh Communications Hubs exist only for the South and Central regions (R-CH-1)."""

    code = "GBDCC-511"
    default_rule = "R-CH-1"


class SiteVisitRefused(HubLogisticsRefused):
    """The DCC site visit a Special Installation Mesh order books cannot be the one asked (R-CH-1)."""

    code = "GBDCC-512"
    default_rule = "R-CH-1"


class HubOrderTooLate(HubLogisticsRefused):
    """A Delivery Date sooner than the lead time allows, or a forecast for a past month (SEC F5)."""

    code = "GBDCC-513"


class HubOrderQuantityInvalid(HubLogisticsRefused):
    """An order or forecast quantity out of range (SEC F5)."""

    code = "GBDCC-514"


class HubOrderUnknown(HubLogisticsRefused):
    """No Communications Hub order, or no hub delivered by the DCC, with that id."""

    code = "GBDCC-515"
    default_rule = "SEC-F6"


class HubOrderStateRefused(HubLogisticsRefused):
    """A logistics step out of order: delivering a closed order or more than is outstanding, returning a hub
    twice (SEC F6, F7)."""

    code = "GBDCC-516"
    default_rule = "SEC-F6"


class NotATestHub(HubLogisticsRefused):
    """Only instrumented Test Communications Hubs show their HAN messages and activity (R-TEST-1)."""

    code = "GBDCC-517"
    default_rule = "R-TEST-1"


class NepRefused(GbdccError, ValueError):
    """Base of the Network Enhancement Plan refusals (SEC F7.20-F7.21, R-WAN-2)."""

    code = "GBDCC-520"
    default_rule = "R-WAN-2"


class NepRegionRefused(NepRefused):
    """Network Enhancement Plans exist for the South and Central regions only; an area entry must lie in the
    plan's region (R-WAN-2)."""

    code = "GBDCC-521"


class NepAreaInvalid(NepRefused):
    """A plan's defined area (postcode districts, postcodes) or its cohort of premises is empty, malformed, or
    holds premises outside the area; or its estimated completion precedes its creation (R-WAN-2)."""

    code = "GBDCC-522"


class NepUnknown(NepRefused):
    """No Network Enhancement Plan with that id."""

    code = "GBDCC-523"


class NepExists(NepRefused):
    """A plan id already taken, or cohort premises already under another plan at the same time (R-WAN-2)."""

    code = "GBDCC-524"


class NepCompletionRefused(NepRefused):
    """A plan completed twice, or on a date before its creation (R-WAN-2)."""

    code = "GBDCC-525"


class PortalRefused(GbdccError):
    """A Self-Service Interface refusal (SEC H8.15(c), H8.16; R-OPS-2). Not a DUIS message: ``response_code``
    is the generic E1 only for uniformity."""

    code = "GBDCC-550"
    default_rule = "R-OPS-2"


class SignInRefused(PortalRefused):
    """Unknown User ID or wrong password: one message for both, so sign-in does not reveal which accounts exist."""

    code = "GBDCC-551"
    default_rule = "PORTAL-SIGN-IN"


class AccountLocked(PortalRefused):
    """Too many failed sign-ins in a row: the account refuses every password until its lockout ends."""

    code = "GBDCC-552"
    default_rule = "PORTAL-LOCKOUT"


class SessionInvalid(PortalRefused):
    """The portal session cookie is missing, unknown or expired: sign in again."""

    code = "GBDCC-553"
    default_rule = "PORTAL-SESSION"


class CsrfRefused(PortalRefused):
    """A state-changing portal form came without the session's CSRF token (or with another one)."""

    code = "GBDCC-554"
    default_rule = "PORTAL-CSRF"


class NotDelegated(PortalRefused):
    """Another User's information, with no active delegation from that User for that scope (R-OPS-2)."""

    code = "GBDCC-555"


class PortalAccountInvalid(PortalRefused):
    """A portal account that cannot be made or changed: not a registered User, already exists, unknown, or
    a password that is too short."""

    code = "GBDCC-556"
    default_rule = "PORTAL-ACCOUNT"


class DelegationInvalid(PortalRefused):
    """A delegation that cannot be granted or revoked: to oneself, to an unknown User, with no scope, or one
    that is not the caller's to revoke (R-OPS-2)."""

    code = "GBDCC-557"


class IncidentRefused(GbdccError):
    """Base of the Incident Management refusals (one Incident Management Policy, R-INC-1)."""

    code = "GBDCC-530"
    default_rule = "R-INC-1"


class IncidentInvalid(IncidentRefused, ValueError):
    """An incident that cannot be: a category outside 1-5, no title, a source neither ``user:`` nor ``dcc:``,
    coverage facts without a premises postcode."""

    code = "GBDCC-531"


class IncidentTransitionRefused(IncidentRefused):
    """A lifecycle step the policy does not allow: open → assigned → resolved → closed, reopen from resolved or
    closed (R-INC-1)."""

    code = "GBDCC-532"


class IncidentUnknown(IncidentRefused):
    """No incident with that id."""

    code = "GBDCC-533"


class IncidentSettingsInvalid(IncidentRefused, ValueError):
    """The target resolution times (or outage sizes) do not name each category 1-5 with a positive value."""

    code = "GBDCC-534"


class SupportRequestInvalid(IncidentRefused, ValueError):
    """An Additional Support request refused: an unknown topic, raised before End-to-End testing started, no
    participant, a negative effort (H14.33, R-SUPPORT-1)."""

    code = "GBDCC-535"
    default_rule = "R-SUPPORT-1"


class SupportRequestUnknown(IncidentRefused):
    """No Additional Support request with that id (R-SUPPORT-1)."""

    code = "GBDCC-536"
    default_rule = "R-SUPPORT-1"


class SupportStepRefused(IncidentRefused):
    """An Additional Support request already resolved (and charged) cannot be resolved again (R-SUPPORT-1)."""

    code = "GBDCC-537"
    default_rule = "R-SUPPORT-1"


class ErrorCodeUnknown(IncidentRefused):
    """No Error Handling Strategy page for that code: it is not a GBDCC code of the registry (R-INC-1)."""

    code = "GBDCC-538"


class OperationsRefused(GbdccError):
    """Base of the DCC operations refusals: disaster recovery (R-DR-1) and release management (R-OPS-1)."""

    code = "GBDCC-540"
    default_rule = "R-OPS-1"


class ReleaseNoticeInvalid(OperationsRefused):
    """A notice of a change to the DCC's systems needs a title, a consultation window that closes after it is
    issued and an invitation-to-test window that does not end before it starts (H8.8-H8.12, R-OPS-1)."""

    code = "GBDCC-541"


class BackupFailed(OperationsRefused):
    """A disaster-recovery backup or restore could not be made: the tool failed, the backup is missing or
    incomplete, the target is not empty (H10.13, R-DR-1)."""

    code = "GBDCC-542"
    default_rule = "R-DR-1"


class DrillFailed(OperationsRefused):
    """A disaster-recovery drill could not run: the primary or the restored instance did not come up
    (R-DR-1)."""

    code = "GBDCC-543"
    default_rule = "R-DR-1"


class DrTargetsInvalid(OperationsRefused):
    """A recovery time objective that is not positive or a recovery point objective below zero (R-DR-1)."""

    code = "GBDCC-544"
    default_rule = "R-DR-1"


class PerformanceTargetsInvalid(OperationsRefused):
    """An H13 Code Performance Measure target keyed by no ``<timing>.<class>``, or not a positive time."""

    code = "GBDCC-545"
    default_rule = "H13"


class AdminRequestRefused(GbdccError):
    """An admin JSON API request refused (``/admin/v1/…``); base of the admin API's own refusals."""

    code = "GBDCC-570"
    default_rule = "ADMIN-API"


class AdminNotFound(AdminRequestRefused):
    """The admin API names a User, RDP, estate job or failed-delivery message that does not exist (HTTP 404)."""

    code = "GBDCC-571"


class AdminInvalid(AdminRequestRefused):
    """An admin API body or parameter is invalid for the operation (HTTP 422)."""

    code = "GBDCC-572"


class EstateJobBusy(AdminRequestRefused):
    """One SIMULATED estate generation job runs at a time (HTTP 409)."""

    code = "GBDCC-573"
