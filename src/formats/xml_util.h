#ifndef SG_FORMATS_XML_UTIL_H
#define SG_FORMATS_XML_UTIL_H
/* Shared expat driver for the XML activity readers (GPX, TCX).
 *
 * What it adds to expat:
 * - ceilings: input size, element depth, text per element, and expat's own
 *   billion-laughs amplification limits; DTD entity declarations are refused
 *   outright and external entities are never loaded (GPX and TCX need none);
 * - namespace-insensitive element names: the parser runs without namespace
 *   processing and readers see the local part after the last ':' (files use
 *   any prefix for the same schema, and some use prefixes they never bind);
 * - a stack of reader-chosen element ids, so a reader asks "is my parent
 *   <Lap>?" without string compares;
 * - text accumulation only for elements the reader asked for, with a ceiling;
 * - locale-independent number parsing and ISO-8601 time parsing.
 *
 * Errors: expat's own (malformed XML, bad encoding) become SG_EFORMAT with
 * line:col and expat's message; a reader's handler fails with sg_xml_fail(),
 * which records line:col of the current event. The parser's memory comes from
 * malloc (expat's memory suite takes no context pointer, and the library has
 * no global state); everything a reader builds uses the sg_allocator. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <expat.h>

#include "strideguard/activity.h"
#include "strideguard/alloc.h"
#include "strideguard/err.h"

#define SG_XML_MAX_BYTES ((size_t)1 << 30)          /* 1 GiB of XML input */
#define SG_XML_MAX_DEPTH 64                         /* GPX/TCX nest < 12 deep */
#define SG_XML_MAX_TEXT ((size_t)64 * 1024)         /* text of one wanted element */
#define SG_XML_MAX_POINTS SG_ACTIVITY_MAX_SAMPLES   /* points per file (20 M) */
#define SG_XML_CHUNK ((size_t)1 << 20)              /* bytes per XML_Parse call */
#define SG_XML_MAX_AMPLIFICATION 10.0f              /* expat default 100 */
#define SG_XML_AMPLIFICATION_THRESHOLD (1ULL << 20) /* expat default 8 MiB */

typedef struct sg_xml sg_xml;

typedef struct sg_xml_handlers {
    /* A start tag. `local` is the name without prefix; attrs are expat's
     * name/value pairs (names also with their prefix). Set *id to the
     * reader's element id (0 for "not interesting") and x->capture = true
     * to receive the element's text at its end. Return SG_OK or the result
     * of sg_xml_fail(). */
    int (*start)(void *ud, sg_xml *x, const char *local, const char **attrs, int *id);
    /* An end tag of an element with id; text is NUL-terminated (empty unless
     * capture was set). The element is already popped: sg_xml_up(x, 1) is
     * its parent. */
    int (*end)(void *ud, sg_xml *x, int id, const char *text, size_t len);
} sg_xml_handlers;

struct sg_xml {
    XML_Parser p;
    const sg_allocator *a;
    sg_err *err;
    int rc;                       /* first failure; SG_OK while parsing */
    size_t depth;                 /* open elements */
    int stack[SG_XML_MAX_DEPTH];  /* their ids, [0] = root */
    bool capture;                 /* accumulate text of the element on top */
    char *text;
    size_t tlen, tcap;
    int line_base;                /* lines skipped before the parser's input */
    size_t skip;                  /* bytes skipped before the parser's input */
    const sg_xml_handlers *h;
    void *ud;
};

/* Parses buf[0..len) with handlers h, feeding expat `chunk` bytes at a time
 * (0 = SG_XML_CHUNK). Returns SG_OK, the first handler failure, SG_EFORMAT
 * (malformed XML, unknown encoding; err has line:col and expat's message),
 * SG_EUNSUPPORTED (entity declarations), SG_ELIMIT (a ceiling above) or
 * SG_ENOMEM. Allocates nothing that outlives the call. */
int sg_xml_run(const uint8_t *buf, size_t len, size_t chunk, const sg_xml_handlers *h,
               void *ud, const sg_allocator *a, sg_err *err);

/* Records a failure at the current parse position and stops the parser.
 * Returns code, so handlers write `return sg_xml_fail(x, ...)`. */
int sg_xml_fail(sg_xml *x, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Id of the k-th open ancestor (k = 1: parent of the element being started
 * or ended); -1 when there is none. */
int sg_xml_up(const sg_xml *x, size_t k);

/* The part of an XML name after its last ':'. */
const char *sg_xml_local(const char *name);

/* Value of attribute `local` (prefix ignored) in expat's attrs, or NULL. */
const char *sg_xml_attr(const char **attrs, const char *local);

/* Parses a decimal number (surrounding whitespace allowed; no hex, inf or
 * nan), independent of the C locale. Returns false and leaves *out alone
 * when s is not a finite number. */
bool sg_xml_number(const char *s, double *out);


/* sg_civil_iso8601 (strideguard/civil.h) restricted to plausible recording times: from the GPS epoch
 * (1980-01-06, SG_XML_MIN_TIME) to 2100-01-01. Writers put sentinels in
 * <time> (gpxpy's Mojstrovka.gpx has INT32_MIN s = 1901-12-13T20:45:52Z on
 * every point); those read as absent. */
#define SG_XML_MIN_TIME 315964800.0
#define SG_XML_MAX_TIME 4102444800.0
bool sg_xml_activity_time(const char *s, double *out);

/* Case-insensitive ASCII equality. */
bool sg_xml_ieq(const char *a, const char *b);

/* Cadence units (docs/formats.md "Cadence units"): thresholds of the
 * inference, from human running and walking cadence (docs/science.md §12). */
#define SG_XML_CAD_RUN_SPEED 1.9           /* m/s: faster is running */
#define SG_XML_CAD_RUN_PER_FOOT_MAX 110.0  /* running: below is strides/min */
#define SG_XML_CAD_WALK_PER_FOOT_MAX 75.0  /* walking: below is strides/min */
#define SG_XML_CAD_MAX_FOOT_SPEED 6.5      /* m/s: faster is not on foot */
#define SG_XML_CAD_MAX_STRIDE_M 3.5        /* m per cadence cycle: longer is pedalling */

/* Post-processing shared by the XML readers (docs/formats.md):
 * - an altitude column whose present values are all exactly 0 is removed
 *   (a placeholder some writers emit, not a sea-level run);
 * - the cadence's unit is inferred from the data: from the median positive
 *   cadence and the median speed at those samples (speed channel, else
 *   distance or positions over time), by sg_xml_cadence_factor, and the
 *   column is doubled when it is per-foot. run_cadence: the values came
 *   from a running field (TCX RunCadence), so an unknown sport is running.
 * Returns the factor applied to cadence (1 or 2). Never fails (without
 * memory for the speed scratch, the speed counts as unknown). */
double sg_xml_finish_channels(sg_activity *act, bool run_cadence);

/* 2 when a typical cadence c (positive median) at typical speed v (m/s,
 * NaN unknown) is per-foot and must be doubled to steps/min, else 1:
 * cycling and swimming never; an unknown/other sport only when the motion
 * is on foot (v known, <= 6.5 m/s, v*60/c <= 3.5 m); then per-foot below
 * 110 when running (v >= 1.9 m/s, or no speed and not walking/hiking) and
 * below 75 when walking. Also used for a lap average without samples. */
double sg_xml_cadence_factor(sg_sport sport, double c, double v);

/* Recording breaks: the first sample index of every non-empty segment. */
typedef struct sg_xml_segs {
    size_t *start;
    size_t n, cap;
    bool pending;      /* the next sample opens a new segment */
} sg_xml_segs;

/* Call before appending sample `at`: opens a segment when one is pending
 * (or none exists yet). SG_ENOMEM on failure. */
int sg_xml_segs_mark(sg_xml_segs *s, const sg_allocator *a, size_t at, sg_err *err);

/* With two or more segments, adds the developer column "segment" (0-based
 * segment index of every sample) to act. */
int sg_xml_segs_apply(const sg_xml_segs *s, sg_activity *act, sg_err *err);

void sg_xml_segs_free(sg_xml_segs *s, const sg_allocator *a);

/* Maps a free-text sport name ("Running", "run", "Biking", "cycling",
 * "Hike") to sg_sport; SG_SPORT_UNKNOWN when nothing matches. */
sg_sport sg_xml_sport(const char *text);

/* Sets act->device.product to a copy of name (trimmed) and, when the name
 * starts with a known maker, act->device.manufacturer ("garmin", ...). */
int sg_xml_set_device(sg_activity *act, const char *name, sg_err *err);

/* Decoders with an explicit chunk size, for the chunk-size tests (the
 * public functions use 0 = SG_XML_CHUNK). */
int sg_gpx_decode_chunked(const uint8_t *buf, size_t len, size_t chunk, const sg_allocator *a,
                          sg_activity **out, sg_err *err);
int sg_tcx_decode_chunked(const uint8_t *buf, size_t len, size_t chunk, const sg_allocator *a,
                          sg_activity ***outs, size_t *n_out, sg_err *err);

#endif
