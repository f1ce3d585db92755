"""A correlation id travels from the HTTP request to the stored event, the Kafka headers
and the consumers' logs."""

from __future__ import annotations

import pytest
from kk_contracts import Topic
from servicekit.auth import Role

from tests.e2e.conftest import Platform
from tests.support import eventually, person, read_topic

pytestmark = pytest.mark.e2e


def test_correlation_id_reaches_kafka_headers_and_the_reporting_log(platform: Platform) -> None:
    cid = "corr-test-7f3a9c1e"
    staff = {**platform.headers(Role.SOCIAL_WORKER, centre_id="KK-6101"), "X-Correlation-ID": cid}
    response = platform.post("intake", "/beneficiaries", person("KK-6101"), staff)
    assert response.status_code == 201
    assert response.headers["X-Correlation-ID"] == cid
    key = response.json()["beneficiary_id"].encode()

    def published_headers() -> dict[str, bytes] | None:
        for record in read_topic(platform.stack.bootstrap_servers, Topic.BENEFICIARIES):
            if record.key == key:
                return dict(record.headers)
        return None

    headers = eventually(published_headers)
    assert headers["ce_correlationid"] == cid.encode()
    assert headers["ce_type"] == b"gr.kk.intake.BeneficiaryRegistered"
    assert headers["ce_subject"] == key
    reporting_log = platform.stack.state_dir / "logs" / "reporting.log"
    eventually(lambda: f'"correlation_id": "{cid}"' in reporting_log.read_text())
