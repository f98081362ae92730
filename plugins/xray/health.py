"""The xray health check: degraded, with the fix, while no analysis can run."""

from __future__ import annotations

from core.api import CheckResult
from plugins.xray.settings import setting
from plugins.xray.spec import installed_spec, weights_problem


def check_model() -> CheckResult:
    problem = weights_problem()
    if problem:
        return CheckResult("degraded", problem)
    if setting("WEIGHTS_PATH"):
        return CheckResult("ok", "weights from XRAY_WEIGHTS_PATH", {"weights_sha256": setting("WEIGHTS_SHA256")})
    spec = installed_spec()
    return CheckResult("ok", f"{spec.name} {spec.version}", {
        "format": spec.format, "labels": len(spec.labels), "weights_sha256": spec.sha256})
