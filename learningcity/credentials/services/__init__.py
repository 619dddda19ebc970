"""Credentials writes. Each function checks permission, validates, writes, audits and emits its event.

- `issuers`: issuer profiles and their signing keys (create, rotate).
- `achievements`: achievements and award rules.
- `issuing`: issuing by hand, by rule and through the VC-API; revoking; status lists; sharing.
- `importing`: a learner's credentials from elsewhere.
"""

from learningcity.credentials.services.achievements import (  # noqa: F401
    achievement_create,
    achievement_update,
    award_rule_create,
    award_rule_delete,
)
from learningcity.credentials.services.importing import credential_import, imported_credential_delete  # noqa: F401
from learningcity.credentials.services.issuers import (  # noqa: F401
    issuer_create,
    issuer_ensure_city,
    issuer_update,
    signing_key_rotate,
)
from learningcity.credentials.services.issuing import (  # noqa: F401
    credential_issue,
    credential_issue_vc_api,
    credential_revoke,
    credential_share,
    status_list_publish,
)
from learningcity.credentials.services.rules import (  # noqa: F401
    award_for_attendance,
    award_for_completion,
    award_for_statement,
)
