#pragma once
// readAllPages: every entry of a Power Platform or Power BI list, across its pages. After the first
// answer it follows "nextLink" or "@odata.nextLink" (absolute; the pipeline only follows links on
// its service's hosts) or, failing both, a "continuationToken", sent back as $skiptoken on the
// first request (that parameter is not documented; it is the REST guidelines' server-paging name).
// A page that is not a JSON object with a "value" array, a link or token seen twice, or more than
// `maxPages` pages end the read with BadResponse: a half list would look like a whole one.
// Entries that are not objects are counted, not dropped silently (the caller cannot tell them).

#include "ArmPipeline.h"
#include "CallHandle.h"

#include <QJsonObject>
#include <QList>

namespace pal {

struct PagedEntries
{
    QList<QJsonObject> entries;
    int notObjects = 0; // entries of "value" that were not JSON objects
    int pages = 0;
};

CallHandle readAllPages(ArmPipeline *pipeline, const ArmRequest &first, QObject *context, Completion<PagedEntries> done,
                        int maxPages = 100);

} // namespace pal
