"""The OpenAPI document describes the API exactly.

1. Schemathesis generates requests for every operation from the document (valid and invalid
   parameters, other methods) against the app in-process over a populated world, and checks
   every response: no 5xx, a documented status, the documented content type and headers, a
   body that matches the documented schema, invalid input refused, valid input accepted.
2. A plain walk over every endpoint of the same world (every page, every item, every error
   kind) validates each real response body against the document's schema for its status.
"""

from __future__ import annotations

import copy
import re
from urllib.parse import urlsplit

import jsonschema_rs
import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from consult.api.openapi import document
from tests.test_api import API, build_world

MEDIA = "application/json"


# Values of the test world, so that generated requests reach real objects (and the things
# that must stay hidden) besides the random ones.
WORLD_EXAMPLES = {
    "slug": ["lip", "hidden", "nope"],
    "number": [1, 2, 3, 4],
    "suggestion_number": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    "key": ["f1", "g1", "f2", "nope"],
    "version": [1, 2, 3],
    "section": ["f1", "g1"],
    "q": ["Haushalt", "XYZ", "unpublished"],
}


def _with_world_examples(data: dict) -> dict:
    """The document with the world's values added as parameter examples (nothing else)."""
    data = copy.deepcopy(data)
    for item in data["paths"].values():
        for parameter in item["get"]["parameters"]:
            if parameter["name"] in WORLD_EXAMPLES:
                parameter.pop("example", None)
                parameter["schema"]["examples"] = WORLD_EXAMPLES[parameter["name"]]
    return data


# The document as the app builds it (a test below checks that it is what the app serves).
schema = schemathesis.openapi.from_dict(_with_world_examples(document()))


@pytest.fixture
def world(app, make_process, make_user, make_organisation):
    return build_world(app, make_process, make_user, make_organisation)


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    # The world is only read: one world serves every generated request.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much,
    ],
)
def test_every_operation_conforms_to_the_document(case, app, world):
    case.call_and_validate(app=app)


def test_the_served_document_is_the_one_tested_and_valid(client):
    served = client.get(f"{API}/openapi.json").get_json()
    assert served == document()
    # Against the OpenAPI 3.1 meta-schema (raises on an invalid document).
    schemathesis.openapi.from_dict(served).validate()


# --------------------------------------------------------------------- the plain walk


class Document:
    """The served OpenAPI document: which operation a path is, and its response schemas."""

    def __init__(self, data: dict) -> None:
        self.data = data
        self.templates = [
            (re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$"), path)
            for path in data["paths"]
        ]

    def template(self, path: str) -> str | None:
        relative = path.removeprefix(API) or "/"
        matches = [t for pattern, t in self.templates if pattern.match(relative)]
        # A literal segment beats a parameter ("/openapi.json" over nothing else here).
        return min(matches, key=lambda t: t.count("{")) if matches else None

    def response(self, template: str, status: int) -> dict:
        responses = self.data["paths"][template]["get"]["responses"]
        assert str(status) in responses, (template, status)
        found = responses[str(status)]
        if "$ref" in found:
            found = self.data["components"]["responses"][found["$ref"].rsplit("/", 1)[1]]
        return found

    def validator(self, template: str, status: int):
        body_schema = self.response(template, status)["content"][MEDIA]["schema"]
        return jsonschema_rs.Draft202012Validator(
            {**body_schema, "components": self.data["components"]}, validate_formats=True
        )


def test_real_responses_match_the_document(app, client, make_process, make_user,
                                           make_organisation):
    build_world(app, make_process, make_user, make_organisation)
    document = Document(client.get(f"{API}/openapi.json").get_json())
    error_validator = document.validator("/processes/{slug}", 404)
    queue = [
        f"{API}/", f"{API}/processes?per_page=1", f"{API}/processes/lip/statistics?lang=en",
        f"{API}/processes/lip/statistics?lang=ar", f"{API}/processes/hidden",
        f"{API}/processes/lip/suggestions/2", f"{API}/processes/lip/versions/3",
        f"{API}/processes/lip/suggestions?page=0", f"{API}/processes/lip/suggestions?sort=x",
        f"{API}/processes/lip/versions/2/sections/nope", f"{API}/processes/lip/suggestions?page=50",
    ]
    for query in ("per_page=2", "lang=en&per_page=1", "lang=tr", "sort=section&dir=desc",
                  "version=1", "q=Haushalt", "outcome=accepted"):
        queue.append(f"{API}/processes/lip/suggestions?{query}")
    seen: set[str] = set()
    statuses: dict[int, int] = {}
    checked_templates = set()
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        assert response.headers["Content-Type"] == "application/json; charset=utf-8"
        template = document.template(urlsplit(path).path)
        assert template is not None, path
        checked_templates.add(template)
        body = response.get_json()
        errors = [
            str(e) for e in document.validator(template, response.status_code).iter_errors(body)
        ]
        assert not errors, (path, errors[:3])
        if response.status_code == 200:
            for name, header in document.response(template, 200)["headers"].items():
                if header.get("required"):
                    assert name in response.headers, (path, name)
            if template != "/openapi.json":
                for url in re.findall(r'"http://localhost(/api/v1/[^"]*)"', response.get_data(
                        as_text=True)):
                    queue.append(url)
        else:
            assert not list(error_validator.iter_errors(body))
        # A 304 for the ETag just received matches the document too.
        if response.status_code == 200 and path.endswith("per_page=1"):
            again = client.get(path, headers={"If-None-Match": response.headers["ETag"]})
            assert again.status_code == 304
            assert "304" in document.data["paths"][template]["get"]["responses"]
    # Every operation was reached, with bodies of each kind.
    assert checked_templates == set(document.data["paths"]), (
        set(document.data["paths"]) - checked_templates
    )
    assert statuses[200] > 40 and statuses[404] >= 3 and statuses[400] >= 2


def test_document_lists_enums_bounds_and_closed_objects(client):
    data = client.get(f"{API}/openapi.json").get_json()
    parameters = {
        p["name"]: p["schema"] for p in data["paths"]["/processes/{slug}/suggestions"]["get"][
            "parameters"
        ]
    }
    assert parameters["outcome"]["enum"] == [
        "accepted", "partly_accepted", "not_accepted", "noted", "already_covered",
        "out_of_scope",
    ]
    assert "in_person" in parameters["channel"]["enum"]
    assert parameters["submitter_type"]["enum"] == ["resident", "organisation", "forum",
                                                    "council"]
    assert parameters["dir"]["enum"] == ["asc", "desc"]
    assert "email" not in parameters["sort"]["enum"]
    assert (parameters["page"]["minimum"], parameters["per_page"]["maximum"]) == (1, 100)

    def closed(node, where="") -> None:
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                assert node.get("additionalProperties") is False, where
                assert set(node["required"]) <= set(node["properties"]), where
            for key, value in node.items():
                closed(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                closed(value, f"{where}/{index}")

    closed(data["components"]["schemas"])
    suggestion = data["components"]["schemas"]["Suggestion"]
    assert set(suggestion["required"]) == set(suggestion["properties"])
    for hidden in ("internal_note", "email", "address", "recommendation", "decided_by"):
        assert hidden not in suggestion["properties"]
