#ifndef STRIDEGUARD_OSTRC_H
#define STRIDEGUARD_OSTRC_H
/* OSTRC-O2 severity score (Clarsen et al., BJSM 2020; item values from
 * Clarsen et al., BJSM 2013; docs/science.md §9.5): four questions about one
 * body area over the past week, each option worth points, summed to 0-100.
 * Pure functions, no state. */

#include <stdbool.h>

#include "strideguard/screen.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The points of option `a` (0-based) of question q (0..3):
 *   Q1 participation   0, 8, 17, 25
 *   Q2 modified training 0, 6, 13, 19, 25
 *   Q3 performance     0, 6, 13, 19, 25
 *   Q4 pain            0, 8, 17, 25
 * -1 when q or a is out of range. */
int sg_ostrc_points(int q, int a);

typedef struct sg_ostrc_score {
    bool complete;     /* every question the logic asks was answered */
    int severity;      /* 0..100; -1 when not complete */
    bool substantial;  /* a "substantial problem": Q1 cannot participate, or
                          Q2 or Q3 moderate, major or cannot participate */
    bool problem;      /* any problem at all (Q1 not "full participation
                          without problems") */
} sg_ostrc_score;

/* Scores one week. The questionnaire's logic: Q1 "full participation
 * without problems" ends it (severity 0, Q2-Q4 not asked); Q1 "cannot
 * participate" scores Q2 and Q3 at their maximum (not asked). Never fails. */
sg_ostrc_score sg_ostrc_score_week(const sg_ostrc_entry *e);

/* The question text and option labels, for forms (static strings, in the
 * questionnaire's order); NULL out of range. `area_words` is what the text
 * says for the area ("your lower back", "your hips or groin"). */
const char *sg_ostrc_question(int q);
const char *sg_ostrc_option(int q, int a);
const char *sg_ostrc_area_words(sg_ostrc_area area);

#ifdef __cplusplus
}
#endif
#endif
