"""Import every model module so that the metadata is complete (app, migrations, tests)."""

from consult.accountability import models as accountability_models  # noqa: F401
from consult.accounts import models as accounts_models  # noqa: F401
from consult.audit import models as audit_models  # noqa: F401
from consult.council import models as council_models  # noqa: F401
from consult.pagecache import ContentState  # noqa: F401
from consult.participation import models as participation_models  # noqa: F401
from consult.plans import models as plans_models  # noqa: F401
from consult.reports import models as reports_models  # noqa: F401
from consult.triage import models as triage_models  # noqa: F401
from consult.triage import search as triage_search  # noqa: F401  (search table and index DDL)
