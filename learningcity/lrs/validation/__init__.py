"""Statement validation: `statement_validate(statement, version=...)` and the value checks it is built on."""

from learningcity.lrs.validation.statement import check_actor, statement_validate  # noqa: F401
