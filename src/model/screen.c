/* Names of the stored answers (include/strideguard/screen.h). */
#include "strideguard/screen.h"

#include <stddef.h>
#include <string.h>

static const char *const rf_names[SG_RF_COUNT] = {
    [SG_RF_SADDLE_NUMBNESS] = "saddle_numbness",
    [SG_RF_BLADDER_DYSFUNCTION] = "bladder_dysfunction",
    [SG_RF_BOWEL_DYSFUNCTION] = "bowel_dysfunction",
    [SG_RF_SEXUAL_DYSFUNCTION] = "sexual_dysfunction",
    [SG_RF_BILATERAL_LEG_SYMPTOMS] = "bilateral_leg_symptoms",
    [SG_RF_PROGRESSIVE_WEAKNESS] = "progressive_weakness",
    [SG_RF_FEVER] = "fever",
    [SG_RF_IMMUNOSUPPRESSION] = "immunosuppression",
    [SG_RF_MAJOR_TRAUMA] = "major_trauma",
    [SG_RF_CANCER_HISTORY] = "cancer_history",
    [SG_RF_UNEXPLAINED_WEIGHT_LOSS] = "unexplained_weight_loss",
    [SG_RF_NIGHT_PAIN] = "night_pain",
    [SG_RF_AGE_ONSET] = "age_onset",
    [SG_RF_HOP_PAIN] = "hop_pain",
    [SG_RF_LOW_ENERGY] = "low_energy_availability",
    [SG_RF_MENSTRUAL] = "menstrual_disturbance",
    [SG_RF_OSTEOPOROSIS_STEROIDS] = "osteoporosis_or_steroids",
    [SG_RF_THORACIC_NONMECH] = "thoracic_constant_pain",
    [SG_RF_MARKED_WEAKNESS] = "marked_weakness",
    [SG_RF_MYELOPATHY] = "myelopathy_signs",
    [SG_RF_CERVICAL_ARTERY] = "cervical_artery_signs",
    [SG_RF_IBP_ONSET_UNDER_40] = "ibp_onset_under_40",
    [SG_RF_IBP_INSIDIOUS] = "ibp_gradual_onset",
    [SG_RF_IBP_BETTER_EXERCISE] = "ibp_better_with_exercise",
    [SG_RF_IBP_NOT_BETTER_REST] = "ibp_not_better_with_rest",
    [SG_RF_IBP_NIGHT] = "ibp_night_waking",
};

const char *sg_redflag_name(sg_redflag f)
{
    return (f >= 0 && f < SG_RF_COUNT) ? rf_names[f] : NULL;
}

int sg_redflag_parse(const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i < SG_RF_COUNT; i++)
        if (strcmp(rf_names[i], name) == 0)
            return i;
    return -1;
}

static const char *const area_names[SG_OSTRC_AREA_COUNT] = {NULL, "lower_back", "hip_groin"};

const char *sg_ostrc_area_name(sg_ostrc_area a)
{
    return (a > 0 && a < SG_OSTRC_AREA_COUNT) ? area_names[a] : "unknown";
}

sg_ostrc_area sg_ostrc_area_parse(const char *name)
{
    for (int i = 1; name && i < SG_OSTRC_AREA_COUNT; i++)
        if (strcmp(area_names[i], name) == 0)
            return (sg_ostrc_area)i;
    return SG_OSTRC_AREA_UNKNOWN;
}

int sg_ostrc_options(int q)
{
    static const int n[SG_OSTRC_QUESTIONS] = {4, 5, 5, 4};
    return (q >= 0 && q < SG_OSTRC_QUESTIONS) ? n[q] : 0;
}
