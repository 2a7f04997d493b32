#pragma once
// PartnerLinks: the one policy for reading and changing the partner link of the signed-in identity
// in a directory, for paldesk and palctl alike.
//
// Every change reads the link first: a create finds what is linked already (the same ID: nothing
// to do; another: refused, naming it), an update or delete finds whether there is anything to
// change, and the history knows what was there before. Then it writes once (PUT, PATCH, DELETE).
// When the write's answer leaves the outcome open (conflict or not found meanwhile, 5xx, timeout,
// a lost or broken answer) it reads again and reports what is true: done, not done, or, only when
// that read fails too, "may have been made". A write is never sent twice.
//
// Every operation names its directory (a confirmation acts on the directory it named, whatever
// became current meanwhile) and completes exactly once through `done`, while `context` lives.
// linkChanged() announces every change made; linkChangeFailed() every attempt that ended without
// it, with the error. One PartnerLinks per signed-in account (it uses that account's client).

#include "CallHandle.h"
#include "Directory.h"
#include "LinkChange.h"
#include "LinkState.h"
#include "PartnerId.h"

#include <QObject>
#include <functional>
#include <memory>

namespace pal {

class Clock;
class ManagementPartnerClient;

class PartnerLinks final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PartnerLinks)
public:
    // The partner ID a directory's link is compared with (empty: any link is fine).
    using Expectation = std::function<QString(const Directory &)>;

    // `username` names the identity in LinkChange::who; `clock` may be null (system time).
    PartnerLinks(ManagementPartnerClient *client, QString username, const Clock *clock = nullptr,
                 QObject *parent = nullptr);
    ~PartnerLinks() override;

    void setExpectation(Expectation expectation);
    QString expectedPartnerId(const Directory &directory) const;

    // GET the current link. Always a LinkState: Linked/LinkedToOther, NotLinked or Failed.
    CallHandle read(const Directory &directory, QObject *context, LinkStateDone done);
    // The same, compared with `expectedPartnerId` instead of the expectation (a fleet row's own).
    CallHandle read(const Directory &directory, const QString &expectedPartnerId, QObject *context, LinkStateDone done);
    // PUT: link `id`. Already linked to `id` is Unchanged; linked to another is NotDone (Conflict).
    CallHandle create(const Directory &directory, const PartnerId &id, QObject *context, LinkChangeDone done);
    // PATCH: change the link to `id`. Nothing linked is NotDone (NotFound).
    CallHandle update(const Directory &directory, const PartnerId &id, QObject *context, LinkChangeDone done);
    // DELETE the link to `id`. Not linked, or linked to another ID, is NotDone (NotFound).
    CallHandle remove(const Directory &directory, const PartnerId &id, QObject *context, LinkChangeDone done);

Q_SIGNALS:
    void linkChanged(const pal::LinkChange &change);      // Done
    void linkChangeFailed(const pal::LinkChange &change); // NotDone, MayBeDone

private:
    struct Attempt;
    CallHandle start(LinkChange::Action action, const Directory &directory, const PartnerId &id, QObject *context,
                     LinkChangeDone done);
    void afterFirstRead(const std::shared_ptr<Attempt> &attempt, const Expected<PartnerLink> &read);
    void write(const std::shared_ptr<Attempt> &attempt);
    void afterWrite(const std::shared_ptr<Attempt> &attempt, const Expected<LinkState> &written);
    void afterSecondRead(const std::shared_ptr<Attempt> &attempt, const AzureError &writeError,
                         const Expected<PartnerLink> &read);
    void finish(const std::shared_ptr<Attempt> &attempt, LinkChange::Outcome outcome,
                std::optional<AzureError> error = std::nullopt);
    QDateTime now() const;

    ManagementPartnerClient *m_client;
    QString m_username;
    const Clock *m_clock;
    Expectation m_expectation;
};

} // namespace pal
