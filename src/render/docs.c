/* The render writers as app's document table (render/docs.h). */
#include "render/docs.h"

#include "render/report_html.h"
#include "render/run_json.h"
#include "render/trunk_json.h"

const sg_app_docs *sg_render_docs(void)
{
    static const sg_app_docs docs = {
        .run = sg_run_json_write,
        .run_series = sg_run_series_json_write,
        .trunk = sg_trunk_json,
        .report = sg_report_html,
    };
    return &docs;
}
