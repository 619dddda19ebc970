"""LRS writes. One function per mutation; each checks the caller's scope or role, writes, records an audit
entry where the action is an administrative one, and emits a domain event. Views, commands, the admin and
other apps (through `platform_statement_record`) call these; nothing else writes LRS rows.
"""

from learningcity.lrs.services.clients import (  # noqa: F401
    client_authenticate,
    client_create,
    client_revoke,
)
from learningcity.lrs.services.erasure import agent_erase  # noqa: F401
from learningcity.lrs.services.documents import document_delete, document_write  # noqa: F401
from learningcity.lrs.services.platform import platform_statement_record  # noqa: F401
from learningcity.lrs.services.statements import statements_store  # noqa: F401
