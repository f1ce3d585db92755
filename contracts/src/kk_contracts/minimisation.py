"""What of a person's facts may leave the ministry, as codes: the thresholds and the code
lists of the minimisation policy (``docs/observatories.md``), which the observatories'
streams apply."""

from __future__ import annotations

from kk_contracts.codes import RequestCategory, VulnerableGroup

# Below this many inhabitants (census 2021) a municipality of residence is given as its
# regional unit: 100 of the 332 municipalities.
AREA_THRESHOLD = 10_000
# Counts from 1 to SMALL - 1 are withheld: on the dashboards and on the monthly topics.
SMALL = 5

# Special categories (GDPR Art. 9) and the codes that reveal them: never on a person's records.
SPECIAL_GROUPS = frozenset(
    {
        VulnerableGroup.ROMA,
        VulnerableGroup.MIGRANT,
        VulnerableGroup.INTERNATIONAL_PROTECTION,
        VulnerableGroup.DISABILITY,
        VulnerableGroup.DOMESTIC_VIOLENCE,
        VulnerableGroup.TRAFFICKING,
    }
)
REVEALING_REQUESTS = frozenset(
    {RequestCategory.PSYCHOSOCIAL_SUPPORT, RequestCategory.HEALTH_PREVENTION}
)
