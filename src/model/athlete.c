/* The athlete profile value type (include/strideguard/athlete.h). */
#include "strideguard/athlete.h"

#include <math.h>
#include <string.h>

void sg_athlete_init(sg_athlete *p, const sg_allocator *a)
{
    memset(p, 0, sizeof *p);
    p->height_m = p->mass_kg = p->hr_rest = p->hr_max = p->race_date = NAN;
    p->alloc = a ? a : sg_alloc_default();
}

void sg_athlete_clear(sg_athlete *p)
{
    const sg_allocator *a = p->alloc;
    sg_free(a, p->race_name);
    sg_free(a, p->course_path);
    sg_athlete_init(p, a);
}

static const struct { unsigned flag; const char *name; } hist[] = {
    {SG_HIST_DISC, "disc"},           {SG_HIST_BACK_STRAIN, "back_strain"},
    {SG_HIST_HIP, "hip"},             {SG_HIST_ANKLE, "ankle"},
    {SG_HIST_KNEE, "knee"},           {SG_HIST_SI_JOINT, "si_joint"},
    {SG_HIST_STRESS_FRACTURE, "stress_fracture"},
};

const char *sg_athlete_history_name(unsigned flag)
{
    for (size_t i = 0; i < sizeof hist / sizeof *hist; i++)
        if (hist[i].flag == flag)
            return hist[i].name;
    return NULL;
}

unsigned sg_athlete_history_parse(const char *name)
{
    for (size_t i = 0; i < sizeof hist / sizeof *hist; i++)
        if (strcmp(hist[i].name, name) == 0)
            return hist[i].flag;
    return 0;
}
