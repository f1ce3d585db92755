"""The observatories' streams documented where they run: the observatory service's page
lists every channel and message without a script, renders the whole AsyncAPI document
with one, asks nothing of any other address, and serves the document and its schemas."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from devstack.kafka import free_port
from devstack.processes import OBSERVATORY
from devstack.stack import Stack

from tests.e2e.browsers import launched_chromium, screenshot, serious_accessibility_violations

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def observatory(stack: Stack) -> str:
    _, url = stack.start_api(OBSERVATORY, port=free_port(), worker_mode="off")
    return url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launched_chromium()


def test_the_page_lists_every_channel_without_a_script(observatory: str) -> None:
    page = httpx.get(f"{observatory}/streams", timeout=10)
    assert page.status_code == 200
    assert 'lang="el"' in page.text
    for address in ("kk.observatory.{region}.people.v1", "kk.intake.beneficiaries.v1"):
        assert address in page.text
    assert "gr.kk.observatory.PersonErased" in page.text
    document = httpx.get(f"{observatory}/asyncapi.json", timeout=10).json()
    assert document["asyncapi"] == "3.0.0"
    ref = document["components"]["messages"]["gr.kk.observatory.PersonRegistered"]["payload"]
    schema = httpx.get(f"{observatory}/{ref['$ref']}", timeout=10)
    assert schema.status_code == 200
    assert "person" in json.loads(schema.text)["properties"]
    missing = httpx.get(f"{observatory}/schemas/nothing.json", timeout=10)
    assert missing.status_code == 404
    assert "δεν υπάρχει" in missing.json()["detail_el"]


def test_the_page_renders_the_document_offline(observatory: str, browser: Any) -> None:
    elsewhere: list[str] = []
    context = browser.new_context()
    page = context.new_page()

    def only_the_service(route: Any) -> None:
        if route.request.url.startswith(observatory):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_service)
    page.goto(f"{observatory}/streams")
    page.wait_for_selector("#asyncapi :text('kk.observatory.{region}.people.v1')", timeout=30_000)
    assert page.locator("#asyncapi").get_by_text("PersonErased").count() > 0
    screenshot(page, "observatory", "streams")
    assert not elsewhere, f"the page asked other addresses: {elsewhere[:5]}"
    assert serious_accessibility_violations(page) == []
    context.close()
