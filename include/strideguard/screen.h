#ifndef STRIDEGUARD_SCREEN_H
#define STRIDEGUARD_SCREEN_H
/* The vocabulary of what the runner answers, as it is stored: the red-flag and
 * warning-sign questions (asked by `check` and the dashboard's screen) and the
 * OSTRC-O2 weekly questionnaire. Only names and values live here; what an
 * answer means (tiers, scores) is analysis (strideguard/triage.h,
 * strideguard/ostrc.h). Names are stored in the database: never renumber or
 * rename them. */

#ifdef __cplusplus
extern "C" {
#endif

/* Red-flag questions (bit numbers; use SG_RF_BIT(x) for masks). */
typedef enum sg_redflag {
    SG_RF_SADDLE_NUMBNESS = 0,   /* numbness/altered feeling in the saddle, genital or anal area */
    SG_RF_BLADDER_DYSFUNCTION,   /* new difficulty passing urine, retention, incontinence */
    SG_RF_BOWEL_DYSFUNCTION,     /* new bowel incontinence or loss of rectal sensation */
    SG_RF_SEXUAL_DYSFUNCTION,    /* new sexual dysfunction */
    SG_RF_BILATERAL_LEG_SYMPTOMS,/* leg pain, numbness or tingling in both legs */
    SG_RF_PROGRESSIVE_WEAKNESS,  /* leg weakness that is getting worse, foot drop, gait change */
    SG_RF_FEVER,                 /* fever, chills or feeling unwell with the back pain */
    SG_RF_IMMUNOSUPPRESSION,     /* steroids/immunosuppressants, IV drug use, recent infection */
    SG_RF_MAJOR_TRAUMA,          /* a fall, collision or accident before the pain */
    SG_RF_CANCER_HISTORY,        /* ever had cancer */
    SG_RF_UNEXPLAINED_WEIGHT_LOSS,
    SG_RF_NIGHT_PAIN,            /* constant night pain not eased by changing position */
    SG_RF_AGE_ONSET,             /* this back pain is new (first episode) */
    /* Added with the safety review (docs/science.md §9.3): */
    SG_RF_HOP_PAIN,              /* groin/hip/buttock/pelvic pain on weight bearing or hopping */
    SG_RF_LOW_ENERGY,            /* low energy availability, REDs, disordered eating */
    SG_RF_MENSTRUAL,             /* periods absent or irregular while training */
    SG_RF_OSTEOPOROSIS_STEROIDS, /* osteoporosis or long-term steroid tablets */
    SG_RF_THORACIC_NONMECH,      /* constant thoracic pain not changed by movement or position */
    SG_RF_MARKED_WEAKNESS,       /* significant leg/foot weakness that is not getting worse */
    SG_RF_MYELOPATHY,            /* clumsy hands, unsteady gait, electric shocks on neck flexion */
    SG_RF_CERVICAL_ARTERY,       /* sudden severe neck pain/headache with the 5 Ds / 3 Ns */
    SG_RF_IBP_ONSET_UNDER_40,    /* ASAS inflammatory back pain items (4 of 5 together) */
    SG_RF_IBP_INSIDIOUS,
    SG_RF_IBP_BETTER_EXERCISE,
    SG_RF_IBP_NOT_BETTER_REST,
    SG_RF_IBP_NIGHT,
    SG_RF_COUNT
} sg_redflag;

#define SG_RF_BIT(f) (1u << (f))
#define SG_RF_ALL ((1u << SG_RF_COUNT) - 1u)

/* "saddle_numbness", ...; NULL when out of range. Static strings. */
const char *sg_redflag_name(sg_redflag f);
/* -1 for an unknown or NULL name. */
int sg_redflag_parse(const char *name);

/* One answered screen: each question answered yes, no or "not sure"; a flag
 * in none of the masks was not answered. The masks are disjoint. */
typedef struct sg_screen_entry {
    int day;
    unsigned yes, no, unsure;  /* SG_RF_BIT masks */
} sg_screen_entry;

/* OSTRC-O2 (Clarsen 2020): four questions about one body area over the past
 * week, each answered with the index of its option (0 = the first, least
 * severe option); -1 = not answered. Q1 has 4 options, Q2-Q3 5, Q4 4. */
typedef enum sg_ostrc_area {
    SG_OSTRC_AREA_UNKNOWN = 0,
    SG_OSTRC_LOWER_BACK,
    SG_OSTRC_HIP_GROIN,
    SG_OSTRC_AREA_COUNT
} sg_ostrc_area;

#define SG_OSTRC_QUESTIONS 4

typedef struct sg_ostrc_entry {
    int day;
    sg_ostrc_area area;
    int answer[SG_OSTRC_QUESTIONS];
} sg_ostrc_entry;

const char *sg_ostrc_area_name(sg_ostrc_area a);   /* "lower_back", "hip_groin" */
sg_ostrc_area sg_ostrc_area_parse(const char *name); /* UNKNOWN when not known */
/* How many options question q (0..3) has: 4, 5, 5, 4. 0 when out of range. */
int sg_ostrc_options(int q);

#ifdef __cplusplus
}
#endif
#endif
