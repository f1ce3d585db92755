"""What each referral and enrolment event says of its referral's step or its enrolment's
decision, and which of its dates is the step's."""

from __future__ import annotations

from kk_contracts import IntegrationEvent
from kk_contracts import observatory as out
from kk_contracts.events import referral

STEPS: dict[type[IntegrationEvent], tuple[out.ReferralStep, str]] = {
    referral.ReferralReceived: ("received", "received_on"),
    referral.ReferralAccepted: ("accepted", "accepted_on"),
    referral.ReferralRefused: ("refused", "refused_on"),
    referral.ReferralRedirected: ("redirected", "redirected_on"),
    referral.ReferralServiceStarted: ("service_started", "started_on"),
    referral.ReferralCompleted: ("completed", "completed_on"),
    referral.ReferralExpired: ("expired", "expired_on"),
    referral.ReferralWithdrawn: ("withdrawn", "withdrawn_on"),
    referral.ReferralOverdue: ("overdue", "flagged_on"),
}
DECISIONS: dict[type[IntegrationEvent], tuple[str, str]] = {
    referral.ProgramEnrolled: ("enrolled", "start_date"),
    referral.ProgramRejected: ("rejected", "decided_on"),
    referral.ProgramRenewed: ("renewed", "renewed_on"),
    referral.ProgramExited: ("exited", "exited_on"),
}
