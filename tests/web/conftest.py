"""Dashboard tests share the API tests' application, users and client."""

from tests.api.conftest import alice, api_config, app, bob, client  # noqa: F401  (fixtures)
