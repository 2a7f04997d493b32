#include "PartnerLinks.h"

#include "ChainedCall.h"
#include "Clock.h"
#include "Logging.h"
#include "ManagementPartnerClient.h"

#include <QPointer>

namespace pal {

namespace {

using Kind = AzureError::Kind;

// A write whose answer never arrived, or arrived broken or as a server error, may have been made.
bool outcomeUnknown(const AzureError &e)
{
    return e.outcomeUnknown || e.kind == Kind::Network || e.kind == Kind::Timeout || e.kind == Kind::BadResponse ||
           e.kind == Kind::Server;
}

// The service's answer when the link changed between our read and our write.
Kind changedMeanwhile(LinkChange::Action action)
{
    return action == LinkChange::Action::Create ? Kind::Conflict : Kind::NotFound;
}

// Does `state` show what the action wanted?
bool wanted(LinkChange::Action action, const QString &partnerId, const LinkState &state)
{
    if (action == LinkChange::Action::Delete)
        return state.kind == LinkState::Kind::NotLinked;
    return state.isLinked() && state.link && state.link->partnerId == partnerId;
}

// ArmPipeline's hint on a write whose answer was lost. Once the link has been read again the
// outcome is known, and the hint would contradict it.
const QString MayHaveBeenMade = QStringLiteral(" The change may have been made; check the current link.");

AzureError refusal(Kind kind, const QString &message, const QString &tenantId)
{
    AzureError e = AzureError::make(kind, message);
    e.tenantId = tenantId;
    return e;
}

} // namespace

QString LinkChange::actionName(Action action)
{
    switch (action) {
    case Action::Create:
        return QStringLiteral("create");
    case Action::Update:
        return QStringLiteral("update");
    case Action::Delete:
        return QStringLiteral("delete");
    }
    return {};
}

struct PartnerLinks::Attempt
{
    LinkChange change;
    PartnerId id;
    LinkChangeDone done;
    QPointer<QObject> context;
    ChainedCall *chain = nullptr;
};

PartnerLinks::PartnerLinks(ManagementPartnerClient *client, QString username, const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_username(std::move(username))
    , m_clock(clock)
{}

PartnerLinks::~PartnerLinks() = default;

void PartnerLinks::setExpectation(Expectation expectation)
{
    m_expectation = std::move(expectation);
}

QString PartnerLinks::expectedPartnerId(const Directory &directory) const
{
    return m_expectation ? m_expectation(directory).trimmed() : QString();
}

QDateTime PartnerLinks::now() const
{
    return m_clock ? m_clock->now().toUTC() : QDateTime::currentDateTimeUtc();
}

CallHandle PartnerLinks::read(const Directory &directory, QObject *context, LinkStateDone done)
{
    return read(directory, expectedPartnerId(directory), context, std::move(done));
}

CallHandle PartnerLinks::read(const Directory &directory, const QString &expectedPartnerId, QObject *context,
                              LinkStateDone done)
{
    return m_client->current(directory.tenantId, context,
                             [this, expected = expectedPartnerId.trimmed(), done = std::move(done)](
                                 const Expected<PartnerLink> &r) { done(LinkState::fromRead(r, expected, now())); });
}

CallHandle PartnerLinks::create(const Directory &directory, const PartnerId &id, QObject *context, LinkChangeDone done)
{
    return start(LinkChange::Action::Create, directory, id, context, std::move(done));
}

CallHandle PartnerLinks::update(const Directory &directory, const PartnerId &id, QObject *context, LinkChangeDone done)
{
    return start(LinkChange::Action::Update, directory, id, context, std::move(done));
}

CallHandle PartnerLinks::remove(const Directory &directory, const PartnerId &id, QObject *context, LinkChangeDone done)
{
    return start(LinkChange::Action::Delete, directory, id, context, std::move(done));
}

CallHandle PartnerLinks::start(LinkChange::Action action, const Directory &directory, const PartnerId &id,
                               QObject *context, LinkChangeDone done)
{
    // The chain belongs to this object, not to the caller: a change still reaches linkChanged()
    // (and the history) when the view that asked for it has closed meanwhile.
    auto attempt = std::make_shared<Attempt>(Attempt{{}, id, std::move(done), context, new ChainedCall(nullptr, this)});
    attempt->change.action = action;
    attempt->change.directory = directory;
    attempt->change.partnerId = id.toString();
    ChainedCall *chain = attempt->chain;
    chain->setCurrent(m_client->current(
        directory.tenantId, chain, [this, attempt](const Expected<PartnerLink> &r) { afterFirstRead(attempt, r); }));
    return CallHandle(chain);
}

void PartnerLinks::afterFirstRead(const std::shared_ptr<Attempt> &attempt, const Expected<PartnerLink> &read)
{
    LinkChange &c = attempt->change;
    c.before = LinkState::fromRead(read, expectedPartnerId(c.directory), now());
    c.after = c.before;
    const LinkState &before = c.before;
    const QString where = c.directory.label();
    if (before.kind == LinkState::Kind::Failed)
        return finish(attempt, LinkChange::Outcome::NotDone, before.error);
    if (wanted(c.action, c.partnerId, before))
        return finish(attempt, LinkChange::Outcome::Unchanged);
    switch (c.action) {
    case LinkChange::Action::Create:
        if (before.isLinked())
            return finish(
                attempt, LinkChange::Outcome::NotDone,
                refusal(
                    Kind::Conflict,
                    QStringLiteral("Partner ID %1 is already linked in directory %2.").arg(before.partnerId(), where),
                    c.directory.tenantId));
        break;
    case LinkChange::Action::Update:
        if (!before.isLinked())
            return finish(attempt, LinkChange::Outcome::NotDone,
                          refusal(Kind::NotFound, QStringLiteral("No partner ID is linked in directory %1.").arg(where),
                                  c.directory.tenantId));
        break;
    case LinkChange::Action::Delete:
        // wanted() said something is linked; only a link to the ID the user confirmed is removed.
        if (before.partnerId() != c.partnerId)
            return finish(attempt, LinkChange::Outcome::NotDone,
                          refusal(Kind::NotFound,
                                  QStringLiteral("Partner ID %1 is not linked in directory %2; the linked partner "
                                                 "ID is %3.")
                                      .arg(c.partnerId, where, before.partnerId()),
                                  c.directory.tenantId));
        break;
    }
    write(attempt);
}

void PartnerLinks::write(const std::shared_ptr<Attempt> &attempt)
{
    LinkChange &c = attempt->change;
    c.writeSent = true;
    const QString tenant = c.directory.tenantId;
    const QString expected = c.before.expectedPartnerId;
    // What the service answers is what is true now; a DELETE answers with nothing: not linked.
    auto linked = [this, attempt, expected](const Expected<PartnerLink> &r) {
        afterWrite(attempt, r ? Expected<LinkState>(LinkState::linked(r.value(), expected, now()))
                              : Expected<LinkState>(r.error()));
    };
    ChainedCall *chain = attempt->chain;
    switch (c.action) {
    case LinkChange::Action::Create:
        chain->setCurrent(m_client->create(tenant, attempt->id, chain, linked));
        break;
    case LinkChange::Action::Update:
        chain->setCurrent(m_client->update(tenant, attempt->id, chain, linked));
        break;
    case LinkChange::Action::Delete:
        chain->setCurrent(
            m_client->remove(tenant, attempt->id, chain, [this, attempt, expected](const Expected<Done> &r) {
                afterWrite(attempt, r ? Expected<LinkState>(LinkState::notLinked(now()).comparedWith(expected))
                                      : Expected<LinkState>(r.error()));
            }));
        break;
    }
}

void PartnerLinks::afterWrite(const std::shared_ptr<Attempt> &attempt, const Expected<LinkState> &written)
{
    LinkChange &c = attempt->change;
    if (written) {
        c.after = written.value();
        return finish(attempt, LinkChange::Outcome::Done);
    }
    const AzureError &e = written.error();
    if (e.kind == Kind::Cancelled) { // the caller stopped waiting: the write may or may not have arrived
        AzureError cancelled = e;
        cancelled.outcomeUnknown = true;
        cancelled.message = QStringLiteral("Cancelled after the %1 was sent, before its answer came: it may have "
                                           "been made. Check the current link.")
                                .arg(c.actionName());
        return finish(attempt, LinkChange::Outcome::MayBeDone, cancelled);
    }
    if (e.kind != changedMeanwhile(c.action) && !outcomeUnknown(e))
        return finish(attempt, LinkChange::Outcome::NotDone, e); // a plain refusal: nothing changed
    qCInfo(lcServices).noquote() << "partner link" << c.actionName() << "answered" << e.kindName()
                                 << "; reading the link to see what is true";
    c.readAgain = true;
    attempt->chain->setCurrent(
        m_client->current(c.directory.tenantId, attempt->chain,
                          [this, attempt, e](const Expected<PartnerLink> &r) { afterSecondRead(attempt, e, r); }));
}

void PartnerLinks::afterSecondRead(const std::shared_ptr<Attempt> &attempt, const AzureError &writeError,
                                   const Expected<PartnerLink> &read)
{
    LinkChange &c = attempt->change;
    c.after = LinkState::fromRead(read, c.before.expectedPartnerId, now());
    const bool unknown = outcomeUnknown(writeError);
    if (c.after.kind == LinkState::Kind::Failed)
        return finish(attempt, unknown ? LinkChange::Outcome::MayBeDone : LinkChange::Outcome::NotDone, writeError);
    if (wanted(c.action, c.partnerId, c.after))
        // Our write made it (its answer was lost), or someone else did the same meanwhile.
        return finish(attempt, unknown ? LinkChange::Outcome::Done : LinkChange::Outcome::Unchanged);
    finish(attempt, LinkChange::Outcome::NotDone, writeError);
}

void PartnerLinks::finish(const std::shared_ptr<Attempt> &attempt, LinkChange::Outcome outcome,
                          std::optional<AzureError> error)
{
    LinkChange &c = attempt->change;
    c.outcome = outcome;
    c.error = std::move(error);
    if (c.error && c.error->tenantId.isEmpty())
        c.error->tenantId = c.directory.tenantId;
    if (c.error && c.readAgain && outcome != LinkChange::Outcome::MayBeDone)
        c.error->message.remove(MayHaveBeenMade);
    c.when = now();
    c.who.username = m_username;
    c.who.tenantId = c.directory.tenantId;
    // The link names the identity it belongs to (its object id in this directory).
    if (c.after.link && c.after.isLinked())
        c.who.objectId = c.after.link->objectId;
    else if (c.before.link && c.before.isLinked())
        c.who.objectId = c.before.link->objectId;
    attempt->chain->finish();
    qCInfo(lcServices).noquote() << "partner link" << c.actionName() << "ended:"
                                 << (c.succeeded()                               ? QStringLiteral("ok")
                                     : outcome == LinkChange::Outcome::MayBeDone ? QStringLiteral("unknown")
                                                                                 : QStringLiteral("failed"));
    if (outcome == LinkChange::Outcome::Done)
        Q_EMIT linkChanged(c);
    else if (!c.succeeded())
        Q_EMIT linkChangeFailed(c);
    if (attempt->context && attempt->done)
        attempt->done(c);
}

} // namespace pal
