/* OSTRC-O2 scoring (include/strideguard/ostrc.h, docs/science.md §9.5). */
#include "strideguard/ostrc.h"

#include <stddef.h>

/* Clarsen et al. 2013, Table 1 (kept unchanged in OSTRC-O2, 2020). */
static const int points[SG_OSTRC_QUESTIONS][5] = {
    {0, 8, 17, 25, -1},
    {0, 6, 13, 19, 25},
    {0, 6, 13, 19, 25},
    {0, 8, 17, 25, -1},
};

static const char *const questions[SG_OSTRC_QUESTIONS] = {
    "Have you had any difficulties participating in training and competition due to problems "
    "in this area during the past week?",
    "To what extent have you modified your training or competition due to problems in this "
    "area during the past week?",
    "To what extent have problems in this area affected your performance during the past week?",
    "To what extent have you experienced pain in this area during the past week?",
};

static const char *const options[SG_OSTRC_QUESTIONS][5] = {
    {"Full participation without problems", "Full participation, but with problems",
     "Reduced participation due to problems", "Cannot participate due to problems", NULL},
    {"No modification", "To a minor extent", "To a moderate extent", "To a major extent",
     "Cannot participate at all"},
    {"No effect", "To a minor extent", "To a moderate extent", "To a major extent",
     "Cannot participate at all"},
    {"No pain", "Mild pain", "Moderate pain", "Severe pain", NULL},
};

int sg_ostrc_points(int q, int a)
{
    if (q < 0 || q >= SG_OSTRC_QUESTIONS || a < 0 || a >= sg_ostrc_options(q))
        return -1;
    return points[q][a];
}

const char *sg_ostrc_question(int q)
{
    return q >= 0 && q < SG_OSTRC_QUESTIONS ? questions[q] : NULL;
}

const char *sg_ostrc_option(int q, int a)
{
    return sg_ostrc_points(q, a) >= 0 ? options[q][a] : NULL;
}

const char *sg_ostrc_area_words(sg_ostrc_area area)
{
    switch (area) {
    case SG_OSTRC_LOWER_BACK: return "your lower back";
    case SG_OSTRC_HIP_GROIN: return "your hips or groin";
    default: return NULL;
    }
}

sg_ostrc_score sg_ostrc_score_week(const sg_ostrc_entry *e)
{
    sg_ostrc_score s = {false, -1, false, false};
    const int *a = e->answer;
    if (sg_ostrc_points(0, a[0]) < 0)
        return s;
    if (a[0] == 0) { /* full participation without problems: the rest is not asked */
        s.complete = true;
        s.severity = 0;
        return s;
    }
    s.problem = true;
    const bool cannot = a[0] == 3;
    int sum = points[0][a[0]];
    for (int q = 1; q < SG_OSTRC_QUESTIONS; q++) {
        if (cannot && (q == 1 || q == 2)) {
            sum += points[q][4];
            continue;
        }
        int p = sg_ostrc_points(q, a[q]);
        if (p < 0)
            return s;
        sum += p;
    }
    s.complete = true;
    s.severity = sum;
    s.substantial = cannot || a[1] >= 2 || a[2] >= 2;
    return s;
}
