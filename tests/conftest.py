"""Hypothesis profiles, chosen by HYPOTHESIS_PROFILE: dev (default), ci, campaign.

campaign keeps hypothesis's default example database (.hypothesis/); run it with
``--hypothesis-show-statistics`` to see the statistics (see docs/testing.md).
"""

import os

from hypothesis import HealthCheck, Phase, Verbosity, settings

settings.register_profile("dev", max_examples=25, deadline=None)
settings.register_profile(
    "ci",
    parent=settings.get_profile("ci"),
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "campaign",
    max_examples=10_000,
    deadline=None,
    phases=list(Phase),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    verbosity=Verbosity.normal,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
