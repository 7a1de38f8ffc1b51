/* Sharing as JSON (src/render/share_json.h). */
#include "render/share_json.h"

void sg_share_counts_json(sg_jw *w, const sg_share_counts *c)
{
    sg_jw_kint(w, "activities", c->activities);
    sg_jw_kint(w, "journal", c->journal);
    sg_jw_kint(w, "imu", c->imu);
}

static void hash_array(sg_jw *w, const char *key, char (*v)[SG_SHARE_HASH_HEX], size_t n)
{
    sg_jw_key(w, key);
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < n; i++)
        sg_jw_str(w, v[i]);
    sg_jw_arr_end(w);
}

void sg_share_have_json(sg_jw *w, const sg_share_have *h)
{
    sg_jw_obj_begin(w);
    hash_array(w, "activities", h->activities, h->n_activities);
    hash_array(w, "journal", h->journal, h->n_journal);
    hash_array(w, "imu", h->imu, h->n_imu);
    sg_jw_kstr(w, "course", h->course[0] ? h->course : NULL);
    sg_jw_obj_end(w);
}

void sg_share_activity_json(sg_jw *w, const sg_share_activity_res *r)
{
    sg_jw_obj_begin(w);
    sg_jw_kstr(w, "status", r->status);
    if (r->activity_id)
        sg_jw_kint(w, "activity_id", r->activity_id);
    else
        sg_jw_knull(w, "activity_id");
    sg_jw_kstr(w, "sha256", r->sha256);
    sg_jw_kstr(w, "reason", r->reason[0] ? r->reason : NULL);
    sg_jw_obj_end(w);
}

void sg_share_journal_json(sg_jw *w, const sg_share_journal_res *r)
{
    sg_jw_obj_begin(w);
    sg_jw_kint(w, "added", (long long)r->added);
    sg_jw_kint(w, "held", (long long)r->held);
    sg_jw_kint(w, "failed_count", (long long)r->n_failed);
    sg_jw_key(w, "failed");
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < r->n_failed && i < sizeof r->failed / sizeof *r->failed; i++) {
        sg_jw_obj_begin(w);
        sg_jw_kint(w, "entry", (long long)r->failed_index[i]);
        sg_jw_kstr(w, "error", r->failed[i].why);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
    sg_jw_obj_end(w);
}

void sg_share_imu_json(sg_jw *w, const sg_share_imu_res *r)
{
    sg_jw_obj_begin(w);
    sg_jw_kstr(w, "status", r->status);
    sg_jw_kint(w, "next", (long long)r->next);
    sg_jw_kint(w, "imu_id", r->imu_id);
    sg_jw_kint(w, "linked_activity_id", r->linked_activity_id);
    sg_jw_kstr(w, "reason", r->reason[0] ? r->reason : NULL);
    sg_jw_obj_end(w);
}
