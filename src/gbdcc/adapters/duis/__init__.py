"""DUIS XML adapter (DUIS 5.4; DOMAIN.md §2).

Modules: :mod:`.safe_xml` (hostile-input-proof parsing), :mod:`.request` (``parse_request`` →
``DuisRequest``), :mod:`.signature` (enveloped XML-DSig verify/sign in the DCC profile), :mod:`.response`
(Service Response builder), :mod:`.sign_tool` (sign a request as a User), :mod:`.codec` (the service
layer's ``DuisCodec`` port).
"""
