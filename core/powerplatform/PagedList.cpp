#include "PagedList.h"

#include "ChainedCall.h"
#include "JsonFields.h"

#include <QJsonArray>
#include <QSet>
#include <memory>

namespace pal {

namespace {

struct PagingState
{
    ArmPipeline *pipeline;
    ArmRequest first;
    int maxPages;
    ChainedCall *chain;
    Completion<PagedEntries> done;
    PagedEntries result;
    QSet<QString> seen;

    void finish(const Expected<PagedEntries> &outcome)
    {
        chain->finish();
        if (done)
            done(outcome);
        done = nullptr;
    }
};

void sendPage(const std::shared_ptr<PagingState> &state, const ArmRequest &request);

void onPage(const std::shared_ptr<PagingState> &state, const Expected<ArmResponse> &response)
{
    if (!response)
        return state->finish(response.error());
    const auto object = armJsonObject(*response);
    if (!object)
        return state->finish(object.error());
    const QJsonValue value = object->value(QStringLiteral("value"));
    if (!value.isArray())
        return state->finish(withResponseIds(
            json::badResponse(
                QStringLiteral("%1 answered a list without a \"value\" array.").arg(state->pipeline->serviceName())),
            *response));
    for (const QJsonValue &v : value.toArray()) {
        if (v.isObject())
            state->result.entries.append(v.toObject());
        else
            ++state->result.notObjects;
    }
    ++state->result.pages;

    QString link;
    for (const char *key : {"nextLink", "@odata.nextLink"}) {
        const QJsonValue v = object->value(QLatin1String(key));
        if (v.isString() && !v.toString().isEmpty())
            link = v.toString();
    }
    const QJsonValue token = object->value(QStringLiteral("continuationToken"));
    const QString continuation = link.isEmpty() && token.isString() ? token.toString() : QString();
    if (link.isEmpty() && continuation.isEmpty())
        return state->finish(state->result);

    const QString marker = link.isEmpty() ? QStringLiteral("token:") + continuation : link;
    if (state->seen.contains(marker))
        return state->finish(withResponseIds(
            json::badResponse(QStringLiteral("%1 sent the same next page twice.").arg(state->pipeline->serviceName())),
            *response));
    state->seen.insert(marker);
    if (state->result.pages >= state->maxPages)
        return state->finish(withResponseIds(
            json::badResponse(QStringLiteral("The list did not end after %1 pages.").arg(state->maxPages)), *response));

    ArmRequest next = state->first;
    if (!link.isEmpty()) {
        next.path.clear();
        next.query.clear();
        next.absoluteUrl = QUrl(link, QUrl::StrictMode);
    } else {
        next.query.append({QStringLiteral("$skiptoken"), continuation});
    }
    sendPage(state, next);
}

void sendPage(const std::shared_ptr<PagingState> &state, const ArmRequest &request)
{
    // The call in flight holds the state; the state holds nothing that holds it back.
    state->chain->setCurrent(
        state->pipeline->send(request, state->chain, [state](const Expected<ArmResponse> &r) { onPage(state, r); }));
}

} // namespace

CallHandle readAllPages(ArmPipeline *pipeline, const ArmRequest &first, QObject *context, Completion<PagedEntries> done,
                        int maxPages)
{
    auto state = std::make_shared<PagingState>(
        PagingState{pipeline, first, maxPages, new ChainedCall(context, pipeline), std::move(done), {}, {}});
    sendPage(state, first);
    return CallHandle(state->chain);
}

} // namespace pal
