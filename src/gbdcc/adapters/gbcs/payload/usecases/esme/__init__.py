"""ESME use cases (ECS…), one module per GBCS use-case family (GBCS 13.3.x)."""

from gbdcc.adapters.gbcs.payload.template import UseCase
from gbdcc.adapters.gbcs.payload.usecases.esme import (
    alcs,
    billing,
    configuration,
    logs,
    prepayment,
    price,
    reads,
    tariff,
)

USE_CASES: tuple[UseCase, ...] = (
    *tariff.USE_CASES,
    *price.USE_CASES,
    *prepayment.USE_CASES,
    *reads.USE_CASES,
    *billing.USE_CASES,
    *logs.USE_CASES,
    *alcs.USE_CASES,
    *configuration.USE_CASES,
)
