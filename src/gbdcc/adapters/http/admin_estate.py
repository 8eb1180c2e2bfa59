"""Admin endpoints: generating the SIMULATED estate as a job, as ``gbdcc estate generate``.

``POST /admin/v1/estate/jobs`` ``{"premises", "seed", "start_index"}`` → 202 with the job (its id and
``progress`` URL); the generation runs on a thread of its own, one job at a time (409 while one runs; 409
too when the first premises of the range is in the SMI already). ``GET …/jobs/{id}`` its progress: ``done`` of
``total`` premises, ``state`` ``running`` → ``done`` | ``failed`` (with the error), and what it made;
``GET …/jobs`` every job since the instance started (kept in memory only). The premises are registered to the
demo supplier and network operator (created if missing), as the command does. Auth as every admin endpoint.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from gbdcc.adapters.http.admin_common import RowId, errors, refusal
from gbdcc.adapters.http.admin_scenario import check_caller
from gbdcc.adapters.observability.logging import get_logger
from gbdcc.domain.errors import AdminInvalid, AdminNotFound, DeviceAlreadyExists, EstateJobBusy

if TYPE_CHECKING:
    from gbdcc.bootstrap import Instance

PREFIX = "/admin/v1/estate/jobs"
log = get_logger("gbdcc.admin.estate")


class JobState(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class JobIn(BaseModel):
    premises: int = Field(ge=1, description="How many premises to generate")
    seed: int = Field(1, ge=0, le=2**32 - 1, description="Random seed (same seed, same estate)")
    start_index: int | None = Field(None, ge=0, le=10**9, description="Index of the first premises "
                                    "(default: just after the last generated)")


class JobOut(BaseModel):
    id: int
    state: JobState
    done: int = Field(description="Premises generated so far")
    total: int
    seed: int
    start_index: int
    started_at: datetime
    finished_at: datetime | None = None
    devices: int | None = Field(None, description="Devices made (once done)")
    seconds: float | None = None
    error: str | None = None
    progress: str


class JobsOut(BaseModel):
    jobs: list[JobOut]


class EstateJobs:
    """The jobs of one instance; ``run`` does the work (``generate_estate`` in production)."""

    def __init__(self, instance: Instance, *, max_premises: int) -> None:
        self._instance = instance
        self.max_premises = max_premises
        self._jobs: dict[int, JobOut] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self, body: JobIn) -> JobOut:
        from gbdcc.adapters.provisioning.estate import check_range_free, next_free_index

        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                running = next(j for j in self._jobs.values() if j.state is JobState.RUNNING)
                raise EstateJobBusy(f"estate job {running.id} is running ({running.done} of {running.total}): "
                                    "one at a time", rule="ESTATE-JOB")
            start = body.start_index if body.start_index is not None else next_free_index(self._instance)
            check_range_free(self._instance, body.seed, start)
            job_id = next(self._ids)
            job = JobOut(id=job_id, state=JobState.RUNNING, done=0, total=body.premises, seed=body.seed,
                         start_index=start, started_at=datetime.now(UTC), progress=f"{PREFIX}/{job_id}",
                         devices=None)
            self._jobs[job_id] = job
            self._thread = threading.Thread(target=self._run, args=(job_id,), name=f"gbdcc-estate-{job_id}",
                                            daemon=True)
            self._thread.start()
            return job

    def _update(self, job_id: int, **changes: object) -> None:
        with self._lock:
            self._jobs[job_id] = self._jobs[job_id].model_copy(update=changes)

    def _run(self, job_id: int) -> None:
        from gbdcc.adapters.provisioning.demo import ensure_demo_parties
        from gbdcc.adapters.provisioning.estate import generate_estate

        job = self._jobs[job_id]
        progress: Callable[[int], None] = lambda done: self._update(job_id, done=done)  # noqa: E731
        try:
            parties = ensure_demo_parties(self._instance)
            report = generate_estate(self._instance, job.total, job.seed, start_index=job.start_index,
                                     parties=parties.estate, progress=progress)
        except Exception as exc:  # the job records why it stopped; the API stays up
            log.exception("estate_job_failed", job=job_id)
            self._update(job_id, state=JobState.FAILED, finished_at=datetime.now(UTC),
                         error=f"{type(exc).__name__}: {exc}"[:500])
            return
        self._update(job_id, state=JobState.DONE, done=report.premises, devices=report.devices,
                     seconds=round(report.seconds, 3), finished_at=datetime.now(UTC))

    def get(self, job_id: int) -> JobOut:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise AdminNotFound(f"no estate job {job_id}", rule="ESTATE-JOB")
        return job

    def every(self) -> list[JobOut]:
        with self._lock:
            return list(self._jobs.values())

    def wait(self, timeout: float | None = None) -> None:
        """Until the running job ends (tests)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)


def router(jobs: EstateJobs, *, token: str | None) -> APIRouter:
    token = token or None
    api = APIRouter(prefix=PREFIX, tags=["estate"])

    @api.post("", status_code=202, response_model=JobOut, responses=errors(409, 422),
              summary="Start generating SIMULATED premises (one job at a time)")
    async def start(request: Request, body: JobIn) -> JobOut:
        check_caller(request, token)
        if body.premises > jobs.max_premises:
            raise refusal(422, AdminInvalid(f"at most {jobs.max_premises:,} premises per job "
                                             "(GBDCC_ADMIN_ESTATE_MAX_PREMISES)", rule="ESTATE-JOB"))
        try:
            return await run_in_threadpool(jobs.start, body)
        except (EstateJobBusy, DeviceAlreadyExists) as err:
            raise refusal(409, err) from None

    @api.get("", response_model=JobsOut, responses=errors(), summary="Every estate job since the start")
    async def every(request: Request) -> JobsOut:
        check_caller(request, token)
        return JobsOut(jobs=jobs.every())

    @api.get("/{job_id}", response_model=JobOut, responses=errors(404, 422), summary="An estate job's progress")
    async def one(request: Request, job_id: RowId) -> JobOut:
        check_caller(request, token)
        try:
            return jobs.get(job_id)
        except AdminNotFound as err:
            raise refusal(404, err) from None

    return api
