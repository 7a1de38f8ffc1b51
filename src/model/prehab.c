/* The prehab library's value types (include/strideguard/prehab.h): names of
 * kinds, categories, tags and run kinds, lookup and release. The loader is in
 * src/formats/prehab_lib.c, the planner in src/analysis/prehab_plan.c. */
#include "strideguard/prehab.h"

#include <string.h>

static const char *const kind_names[] = {NULL, "strength", "mobility"};
static const char *const cat_names[SG_EX_CAT_COUNT] = {NULL, "core", "single_leg", "hip_strength",
                                                       "hip_mobility", "eccentric"};
static const char *const tag_names[SG_TAG_COUNT_BITS] = {
    "anti_rotation", "anti_extension", "anti_lateral_flexion", "trunk_endurance", "single_leg",
    "pelvic_control", "glute", "hip_strength", "hip_mobility", "eccentric", "descent",
    "unilateral", "low_fatigue"};
static const char *const run_names[] = {NULL, "easy", "long", "hard", "race"};

static int find_name(const char *const *names, int n, const char *s)
{
    if (!s)
        return 0;
    for (int i = 1; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return 0;
}

const char *sg_ex_kind_name(sg_ex_kind k) { return (k > 0 && k <= SG_EX_MOBILITY) ? kind_names[k] : "unknown"; }
sg_ex_kind sg_ex_kind_parse(const char *name) { return (sg_ex_kind)find_name(kind_names, 3, name); }
const char *sg_ex_category_name(sg_ex_category c)
{
    return (c > 0 && c < SG_EX_CAT_COUNT) ? cat_names[c] : "unknown";
}
sg_ex_category sg_ex_category_parse(const char *name)
{
    return (sg_ex_category)find_name(cat_names, SG_EX_CAT_COUNT, name);
}

const char *sg_prehab_tag_name(unsigned tag_bit)
{
    for (int i = 0; i < SG_TAG_COUNT_BITS; i++)
        if (tag_bit == (1u << i))
            return tag_names[i];
    return NULL;
}

unsigned sg_prehab_tag_parse(const char *name)
{
    if (!name)
        return 0;
    for (int i = 0; i < SG_TAG_COUNT_BITS; i++)
        if (strcmp(tag_names[i], name) == 0)
            return 1u << i;
    return 0;
}

const char *sg_run_kind_name(sg_run_kind k) { return (k > 0 && k <= SG_RUN_RACE) ? run_names[k] : "none"; }
sg_run_kind sg_run_kind_parse(const char *name) { return (sg_run_kind)find_name(run_names, 5, name); }

static void free_list(const sg_allocator *a, char **v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        sg_free(a, v[i]);
    sg_free(a, v);
}

void sg_prehab_lib_free(sg_prehab_lib *lib)
{
    if (!lib)
        return;
    const sg_allocator *a = lib->alloc;
    for (size_t i = 0; i < lib->n; i++) {
        sg_exercise *e = &lib->ex[i];
        sg_free(a, e->id);
        sg_free(a, e->name);
        sg_free(a, e->purpose);
        sg_free(a, e->reps);
        free_list(a, e->progressions, e->n_progressions);
        free_list(a, e->regressions, e->n_regressions);
        free_list(a, e->contraindications, e->n_contraindications);
    }
    sg_free(a, lib->ex);
    sg_free(a, lib);
}

const sg_exercise *sg_prehab_lib_find(const sg_prehab_lib *lib, const char *id)
{
    if (!lib || !id)
        return NULL;
    for (size_t i = 0; i < lib->n; i++)
        if (strcmp(lib->ex[i].id, id) == 0)
            return &lib->ex[i];
    return NULL;
}
