"""What leads to what: the kind of body a request or a vulnerable group is referred to, the
registry's national bodies and starter programmes, a centre's staff roles, and the source
each topic's events carry, as the services set them."""

from __future__ import annotations

from kk_contracts import Topic
from kk_contracts.codes import (
    AgeBand,
    BodyCategory,
    ProgrammeCategory,
    RequestCategory,
    StaffRole,
    VulnerableGroup,
)

ELDERLY_BANDS = {AgeBand.FROM_65, AgeBand.FROM_75}
# The kind of body a request of each category is referred to
BODY_FOR: dict[RequestCategory, tuple[BodyCategory, ...]] = {
    RequestCategory.PROGRAMME_INFORMATION: (BodyCategory.WELFARE_BENEFITS,),
    RequestCategory.APPLICATION_SUPPORT: (BodyCategory.WELFARE_BENEFITS,),
    RequestCategory.LEGAL_INFORMATION: (BodyCategory.LEGAL_AID,),
    RequestCategory.REFERRAL_TO_STRUCTURE: (
        BodyCategory.ELDERLY_PROGRAMMES,
        BodyCategory.DISABILITY_STRUCTURE,
        BodyCategory.NURSERY_DAY_CARE,
        BodyCategory.SOCIAL_TUTORING,
        BodyCategory.MENTAL_HEALTH,
    ),
    RequestCategory.EMPLOYMENT_REFERRAL: (
        BodyCategory.EMPLOYMENT_SERVICE,
        BodyCategory.EMPLOYMENT_SERVICE,
        BodyCategory.VOCATIONAL_TRAINING,
    ),
    RequestCategory.EMPLOYMENT_COUNSELLING: (
        BodyCategory.EMPLOYMENT_SERVICE,
        BodyCategory.VOCATIONAL_TRAINING,
    ),
    RequestCategory.HOUSING: (BodyCategory.HOMELESS_SHELTER, BodyCategory.WELFARE_BENEFITS),
    RequestCategory.BASIC_GOODS: (BodyCategory.SOCIAL_GROCERY_PHARMACY,),
    RequestCategory.HEALTH_PREVENTION: (BodyCategory.HEALTH_SERVICES,),
    RequestCategory.PSYCHOSOCIAL_SUPPORT: (BodyCategory.MENTAL_HEALTH,),
    RequestCategory.LEARNING_SUPPORT: (BodyCategory.SOCIAL_TUTORING,),
    RequestCategory.OTHER: (BodyCategory.WELFARE_BENEFITS, BodyCategory.HEALTH_SERVICES),
}
# A vulnerable group that calls for a body of its own, whatever the request says
BODY_OF_GROUP = {
    VulnerableGroup.DOMESTIC_VIOLENCE: BodyCategory.WOMEN_SHELTER,
    VulnerableGroup.TRAFFICKING: BodyCategory.TRAFFICKING_VICTIMS,
    VulnerableGroup.ROMA: BodyCategory.ROMA_PROGRAMMES,
    VulnerableGroup.MIGRANT: BodyCategory.MIGRANTS_REFUGEES,
    VulnerableGroup.INTERNATIONAL_PROTECTION: BodyCategory.MIGRANTS_REFUGEES,
    VulnerableGroup.HOMELESSNESS: BodyCategory.HOMELESS_SHELTER,
}
QUICK_ANSWER = {
    BodyCategory.HOMELESS_SHELTER,
    BodyCategory.WOMEN_SHELTER,
    BodyCategory.TRAFFICKING_VICTIMS,
}  # two working days to answer; the others ten (as the referral service counts)
NATIONAL_BODY = {
    BodyCategory.EMPLOYMENT_SERVICE: "dypa",
    BodyCategory.WELFARE_BENEFITS: "opeka",
    BodyCategory.TRAFFICKING_VICTIMS: "ekka",
}
# The registry's starter programmes (their ids are the registry's), by who they are for
PROGRAMMES: dict[str, ProgrammeCategory] = {
    "eee": ProgrammeCategory.INCOME_SUPPORT,
    "teva": ProgrammeCategory.FOOD_MATERIAL_AID,
    "child-benefit": ProgrammeCategory.CHILD_FAMILY,
    "housing-allowance": ProgrammeCategory.HOUSING,
    "uninsured-elderly": ProgrammeCategory.ELDERLY,
    "disability-allowances": ProgrammeCategory.DISABILITY,
    "help-at-home": ProgrammeCategory.ELDERLY,
    "social-grocery": ProgrammeCategory.FOOD_MATERIAL_AID,
}
ROSTER = (
    StaffRole.PSYCHOLOGIST,
    StaffRole.SOCIAL_SCIENCES,
    StaffRole.HEALTH_VISITOR_NURSE,
    StaffRole.ECONOMIST,
    StaffRole.LEARNING_SUPPORT,
    StaffRole.ROMA_MEDIATOR,
)
SOURCES = {
    Topic.CENTRES.value: "/kk/registry",
    Topic.BENEFICIARIES.value: "/kk/intake",
    Topic.REQUESTS.value: "/kk/intake",
    Topic.REFERRALS.value: "/kk/referral",
    Topic.ENROLMENTS.value: "/kk/referral",
}
