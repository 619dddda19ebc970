"""Catalogue writes. One function per mutation; each checks permission, validates, writes, records an audit
entry and emits a domain event. Views, the API, importers, commands and tests all call these.
"""

from learningcity.catalogue.services.opportunities import (  # noqa: F401
    opportunity_archive,
    opportunity_create,
    opportunity_delete,
    opportunity_publish,
    opportunity_update,
    opportunity_upsert,
)
from learningcity.catalogue.services.providers import (  # noqa: F401
    provider_create,
    provider_member_add,
    provider_member_remove,
    provider_update,
    provider_upsert,
)
from learningcity.catalogue.services.runs import (  # noqa: F401
    run_archive,
    run_cancel,
    run_create,
    run_delete,
    run_publish,
    run_update,
    run_upsert,
)
from learningcity.catalogue.services.venues import venue_create, venue_update, venue_upsert  # noqa: F401
