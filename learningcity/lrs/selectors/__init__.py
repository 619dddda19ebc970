"""LRS reads: statements (single, filtered, paged), documents, activities, agents, attachments.

`statements_for_agent` is the reader the learning passport calls; `statements_for_statistics` the narrow one
monitoring follows by stored id.
"""

from learningcity.lrs.selectors.documents import document_get, document_ids  # noqa: F401
from learningcity.lrs.selectors.resources import activity_get, agent_person  # noqa: F401
from learningcity.lrs.selectors.statements import (  # noqa: F401
    StatementQuery,
    attachments_get,
    consistent_through,
    statement_get,
    statements_for_agent,
    statements_query,
)
from learningcity.lrs.selectors.statistics import statements_for_statistics  # noqa: F401
